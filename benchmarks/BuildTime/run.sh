#!/usr/bin/env bash
# What 500 [SharedArray] declarations cost a build: packs the package, makes two consumer projects
# that reference it from a local folder, one with 500 rank-3 declarations and one with 500 plain
# partial classes of the same names, and times full rebuilds of each, alternating, in the same run.
# Prints every run, then min/median/max per project and the ratio of the medians (docs/benchmarks.md).
#
#   bash benchmarks/BuildTime/run.sh [runs=3] [count=500]
#   REPORT_ANALYZERS=1 bash benchmarks/BuildTime/run.sh 1   also prints the compiler's time per generator and analyzer
#
# Each build runs the compiler in its own process (no compiler server, no MSBuild node reuse), so no
# process outlives the script; both projects pay that start-up alike.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
count=${2:-500}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0

root=${BUILDTIME_ROOT:-$(mktemp -d -t st-buildtime-XXXXXX)}
version="0.1.0-buildtime-$(date +%s)-$$"
cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
[ -n "${BUILDTIME_ROOT:-}" ] || trap 'rm -rf "$root" "$cache/sharedtyped/$version"' EXIT

echo "== pack (version $version)" >&2
dotnet build src/Runtime/SharedTyped.csproj -c Release -nodeReuse:false -v:q >&2
dotnet pack src/Runtime/SharedTyped.csproj -c Release --no-build -o "$root/feed" -p:PackageVersion="$version" -nodeReuse:false -v:q >&2

# The consumers stand outside the repository: nothing of its build set-up applies to them.
printf '<Project />\n' > "$root/Directory.Build.props"
printf '<Project />\n' > "$root/Directory.Build.targets"
printf '<Project />\n' > "$root/Directory.Packages.props"
cat > "$root/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$root/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
XML

make_project() { # name, whether each class is a declaration
  local dir="$root/$1"
  mkdir -p "$dir"
  cat > "$dir/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <OutputType>Library</OutputType>
    <UseSharedCompilation>false</UseSharedCompilation>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="SharedTyped" Version="$version" />
  </ItemGroup>
</Project>
XML
  for ((i = 0; i < count; i++)); do
    if [ "$2" = yes ]; then
      printf 'using SharedTyped;\n\nnamespace Library;\n\n[SharedArray<double>(Name = "st-buildtime-%d", Shape = [4, 5, 6])]\npublic partial class Cube%d;\n' "$i" "$i"
    else
      printf 'using SharedTyped;\n\nnamespace Library;\n\npublic partial class Cube%d;\n' "$i"
    fi > "$dir/Cube$i.cs"
  done
  dotnet restore "$dir" -nodeReuse:false -v:q >&2
}

make_project Declarations yes
make_project Plain no

declare -A times
build() { # name -> seconds of one full rebuild
  local start end
  start=$(date +%s.%N)
  dotnet build "$root/$1" -c Release --no-restore --no-incremental -nodeReuse:false -v:q >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

if [ "${REPORT_ANALYZERS:-0}" = 1 ]; then
  # Where a declaration build's time goes: the compiler's own report of each generator's and analyzer's time.
  dotnet build "$root/Declarations" -c Release --no-restore --no-incremental -nodeReuse:false -v:n -p:ReportAnalyzer=true \
    | grep -v "bincore/csc" | grep -E "execution time|^ +[<0-9.]+ +[<0-9]+ +[A-Za-z]" | head -60 >&2 || true
fi

# One warm-up build of each, not counted: the first build also writes obj/ and loads the SDK from disk.
build Declarations >/dev/null
build Plain >/dev/null
for ((r = 1; r <= runs; r++)); do
  for project in Declarations Plain; do
    t=$(build "$project")
    times[$project]+="$t "
    echo "run $r $project ${t}s" >&2
  done
done

stats() { # min median max of the given numbers
  printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f %.2f %.2f", a[1], m, a[NR]}'
}
read -r dmin dmed dmax <<<"$(stats ${times[Declarations]})"
read -r pmin pmed pmax <<<"$(stats ${times[Plain]})"
echo "declarations ($count, rank 3): min ${dmin}s median ${dmed}s max ${dmax}s"
echo "plain partial classes ($count): min ${pmin}s median ${pmed}s max ${pmax}s"
echo "ratio of medians: $(echo "scale=2; $dmed / $pmed" | bc)"
