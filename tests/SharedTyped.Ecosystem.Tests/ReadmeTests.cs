namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// The README cannot rot: each of its C# blocks becomes the Program.cs of a fresh console project that
/// references the packed package, and must build, run, leave no segment behind, and run again. The runs
/// use a shared-memory directory of their own, so the README's plain names ("prices") meet no other process.
/// </summary>
public sealed class ReadmeTests : IDisposable
{
    private readonly LocalFeed _feed = new("readme");
    private readonly TempDirectory _shm = TempDirectory.InSharedMemory("readme-shm");

    public void Dispose()
    {
        _feed.Dispose();
        _shm.Dispose();
    }

    [Fact]
    public void The_readme_finds_its_blocks_and_their_packages()
    {
        var blocks = ReadmeBlocks.Extract(File.ReadAllText(Path.Combine(Repository.Root, "README.md")));
        Assert.True(blocks.Count >= 6, $"README.md has {blocks.Count} C# blocks; expected the API tour's at least.");
        Assert.StartsWith("using SharedTyped;", blocks[0].Code);
        Assert.Contains(blocks, b => b.Packages.Contains("Microsoft.Extensions.Logging.Console"));
        var synthetic = ReadmeBlocks.Extract("text\n```csharp\n// dotnet add package A.B\nx();\n```\n```sh\nls\n```\n```csharp\ny();\n```\n");
        Assert.Equal([(1, 3, "// dotnet add package A.B\nx();\n"), (2, 10, "y();\n")], synthetic.Select(b => (b.Number, b.Line, b.Code)));
        Assert.Equal(["A.B"], synthetic[0].Packages);
        Assert.Empty(synthetic[1].Packages);
    }

    [Fact]
    public void Every_csharp_block_compiles_as_pasted_runs_and_runs_again()
    {
        var blocks = ReadmeBlocks.Extract(File.ReadAllText(Path.Combine(Repository.Root, "README.md")));
        _feed.Pack(Path.Combine("src", "Runtime", "SharedTyped.csproj"), "SharedTyped");
        foreach (var id in blocks.SelectMany(b => b.Packages).Where(ReadmeBlocks.IsOurs).Distinct())
        {
            _feed.Pack(ReadmeBlocks.ProjectOf(id), id);
        }
        _feed.PrepareConsumers();
        var projects = blocks.Select(WriteProject).ToList();
        // One build of a solution holding every block: one restore, and MSBuild builds them side by side.
        var solution = Path.Combine(_feed.Root, "readme.slnx");
        File.WriteAllText(solution, "<Solution>\n" + string.Concat(projects.Select(p => $"  <Project Path=\"{Path.GetRelativePath(_feed.Root, p)}\" />\n")) + "</Solution>\n");
        var build = LocalFeed.Dotnet(_feed.Root, "build", solution, "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(build.ExitCode == 0,
            $"A README block does not compile as pasted ({string.Join(", ", blocks.Select(b => $"block-{b.Number:00} = README line {b.Line}"))}): {build}");

        var environment = new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = _shm.Path };
        var outputs = new List<string>();
        foreach (var (block, project) in blocks.Zip(projects))
        {
            var directory = Path.GetDirectoryName(project)!;
            var dll = Path.Combine(directory, "bin", "Release", "net10.0", Path.GetFileNameWithoutExtension(project) + ".dll");
            foreach (var run in new[] { "first", "second" })
            {
                var result = ChildProcess.Run("dotnet", [dll], environment, directory, TimeSpan.FromMinutes(1));
                Assert.True(result.ExitCode == 0, $"{block}, {run} run, failed:\n{block.Code}\n{result}");
                outputs.Add(result.Output);
                Assert.True(!Directory.EnumerateFileSystemEntries(_shm.Path).Any(),
                    $"{block} left segments behind after its {run} run: {string.Join(", ", Directory.EnumerateFileSystemEntries(_shm.Path).Select(Path.GetFileName))}\n{block.Code}");
            }
        }
        // The first snippet prints what it wrote, both times.
        Assert.Equal(["42\n", "42\n"], outputs.Take(2));
    }

    /// <summary>What <c>dotnet new console</c> makes, plus the package and any the block names.</summary>
    private string WriteProject(ReadmeBlock block)
    {
        var directory = Path.Combine(_feed.Root, $"block-{block.Number:00}");
        Directory.CreateDirectory(directory);
        var references = string.Concat(block.Packages.Select(p => $"""
                <PackageReference Include="{p}" Version="{(ReadmeBlocks.IsOurs(p) ? _feed.Version : ReadmeBlocks.CentralVersion(p))}" />

            """));
        var project = Path.Combine(directory, $"Block{block.Number:00}.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SharedTyped" Version="{_feed.Version}" />
            {references}  </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), block.Code);
        return project;
    }
}
