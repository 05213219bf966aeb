using System.IO.Compression;
using System.Xml.Linq;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// A user's first PackageReference: the runtime project is packed into a local folder, and a fresh
/// console project outside the solution, restoring only from that folder plus the normal NuGet source,
/// references the one package, builds with warnings as errors and runs: the runtime API, the tensor and
/// 2-D views, and a [SharedArray] declaration turned into a typed array by the packed generator, created
/// by one process and attached by another.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly LocalFeed _feed = new("pack");
    private readonly string _declared = UniqueNames.NewShort(); // short: ST0005 warns above 31 bytes (macOS)
    private readonly string _runtimeName = Segments.NewName("pack-rt");

    public void Dispose()
    {
        Segments.Remove(_declared, _runtimeName);
        _feed.Dispose();
    }

    [Fact]
    public void One_package_brings_runtime_generator_and_analyzers_to_a_fresh_console_project()
    {
        var nupkg = _feed.Pack(Path.Combine("src", "Runtime", "SharedTyped.csproj"), "SharedTyped");
        AssertPackageContents(nupkg);

        var app = Path.Combine(_feed.Root, "app");
        WriteConsumer(app);
        var build = Dotnet(app, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(build.ExitCode == 0, $"The consumer did not build: {build}");
        // The packed analyzers ran: byte elements are outside cdxcore's dtype table.
        Assert.Contains("warning ST0002", build.Output);

        var dll = Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll");
        Assert.Equal($"runtime: Shared array '{_runtimeName}' (double, shape (4, 3)) sum=58.5 span2d=42\nruntime attached: 42\n",
            Expect(Dotnet(app, dll, "runtime", _runtimeName)));
        Assert.False(SharedArray.Exists(_runtimeName));

        Assert.Equal($"declared created: {_declared} rank 2 (4 x 3)\n", Expect(Dotnet(app, dll, "create")));
        Assert.True(SharedArray.Exists(_declared));
        Assert.Equal("declared attached from another process: 42 0.5 sum=47.5\ndeleted: True\n", Expect(Dotnet(app, dll, "attach")));
        Assert.False(SharedArray.Exists(_declared));
    }

    [Fact]
    public void The_cli_installs_as_the_sharedtyped_dotnet_tool_and_runs()
    {
        using (var zip = ZipFile.OpenRead(_feed.Pack(Path.Combine("src", "Cli", "SharedTyped.Cli.csproj"), "SharedTyped.Cli")))
        {
            using var settings = zip.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open();
            var command = XDocument.Load(settings).Descendants().Single(e => e.Name.LocalName == "Command");
            Assert.Equal(("sharedtyped", "SharedTyped.Cli.dll"), (command.Attribute("Name")!.Value, command.Attribute("EntryPoint")!.Value));
            using var nuspec = zip.GetEntry("SharedTyped.Cli.nuspec")!.Open();
            AssertRepositoryMetadata(XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata"));
        }

        var tools = Path.Combine(_feed.Root, "tools");
        var install = Dotnet(_feed.Root, "tool", "install", "SharedTyped.Cli", "--version", _feed.Version, "--tool-path", tools, "--add-source", _feed.Feed);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed: {install}");
        var help = ChildProcess.Run(Path.Combine(tools, "sharedtyped"), ["--help"]);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("sharedtyped: inspect and manage the named shared arrays", help.Output);
    }

    private void AssertPackageContents(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
                 {
                     "SharedTyped.nuspec", "README.md", "icon.png", "lib/net10.0/SharedTyped.dll", "lib/net10.0/SharedTyped.xml",
                     "analyzers/dotnet/cs/SharedTyped.Generator.dll", "analyzers/dotnet/cs/SharedTyped.Analyzers.dll",
                     "analyzers/dotnet/cs/SharedTyped.CodeFixes.dll",
                 })
        {
            Assert.Contains(expected, entries);
        }
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && (e.Contains("Generator") || e.Contains("Analyzers") || e.Contains("CodeFixes")));

        using var stream = zip.GetEntry("SharedTyped.nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("SharedTyped", Field("id"));
        Assert.Equal(_feed.Version, Field("version"));
        Assert.Equal("MIT", Field("license"));
        // The repository's LICENSE is the license the package declares.
        Assert.StartsWith("MIT License\n", File.ReadAllText(Path.Combine(Repository.Root, "LICENSE")).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("README.md", Field("readme"));
        Assert.Equal("icon.png", Field("icon"));
        AssertReadmeLinksAreAbsolute(zip);
        AssertNoBuildPath(zip, "lib/net10.0/SharedTyped.dll", "analyzers/dotnet/cs/SharedTyped.Generator.dll", "analyzers/dotnet/cs/SharedTyped.Analyzers.dll");
        // The analyzers' help links are built from the same project address.
        Assert.True(Contains(Read(zip, "analyzers/dotnet/cs/SharedTyped.Analyzers.dll"), System.Text.Encoding.Unicode.GetBytes($"{ProjectUrl}/blob/main/src/Analyzers/Diagnostics.md#")),
            "The analyzers' help links do not start with the project address.");
        Assert.Contains("shared memory", Field("description"));
        Assert.Contains("numpy", Field("tags"));
        AssertRepositoryMetadata(metadata);
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).Order();
        Assert.Equal(["CommunityToolkit.HighPerformance", "Microsoft.Extensions.Logging.Abstractions", "System.Numerics.Tensors"], dependencies);
    }

    /// <summary>nuget.org's "Source repository" and "Project website" links: a git repository with its url, and a project url.</summary>
    private static void AssertRepositoryMetadata(XElement metadata)
    {
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Equal(ProjectUrl, repository.Attribute("url")?.Value);
        Assert.Equal(ProjectUrl, metadata.Elements().Single(e => e.Name.LocalName == "projectUrl").Value);
    }

    /// <summary>The project's address, from the one property that holds it.</summary>
    private static string ProjectUrl { get; } =
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants().Single(e => e.Name.LocalName == "SharedTypedProjectUrl").Value;

    /// <summary>Every link of the packed README resolves outside the repository: none is relative, and the repository's files are on the project's site.</summary>
    private static void AssertReadmeLinksAreAbsolute(ZipArchive zip)
    {
        var readme = System.Text.Encoding.UTF8.GetString(Read(zip, "README.md"));
        var links = System.Text.RegularExpressions.Regex.Matches(readme, @"\]\(([^)\s]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.Matches("^https?://", link));
        Assert.Contains($"{ProjectUrl}/blob/main/docs/guarantees.md", links);
        Assert.Contains($"{ProjectUrl}/blob/main/src/Analyzers/Diagnostics.md", links);
        Assert.Contains($"{ProjectUrl}#mapping-from-cdxcore", links);
    }

    /// <summary>Deterministic whatever the checkout's path: no assembly of the package (nor the PDB beside the build) holds the repository's path.</summary>
    private static void AssertNoBuildPath(ZipArchive zip, params string[] entries)
    {
        var root = System.Text.Encoding.UTF8.GetBytes(Repository.Root.TrimEnd('/') + "/");
        foreach (var entry in entries)
        {
            Assert.False(Contains(Read(zip, entry), root), $"{entry} contains the build path '{Repository.Root}'.");
        }
        var pdb = Path.Combine(Repository.Root, "src", "Runtime", "bin", Repository.Configuration, "net10.0", "SharedTyped.pdb");
        Assert.False(Contains(File.ReadAllBytes(pdb), root), $"{pdb} contains the build path '{Repository.Root}'.");
    }

    private static byte[] Read(ZipArchive zip, string entry)
    {
        using var stream = zip.GetEntry(entry)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private void WriteConsumer(string app)
    {
        Directory.CreateDirectory(app);
        _feed.PrepareConsumers();

        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>ST0002</WarningsNotAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SharedTyped" Version="{_feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), $$"""
            using System.Numerics.Tensors;
            using CommunityToolkit.HighPerformance;
            using SharedTyped;

            switch (args)
            {
                case ["runtime", var name]:
                    using (var array = SharedArray.Create<double>(name, [4, 3], fill: 1.5))
                    {
                        array[2, 1] = 42;
                        var tensor = array.AsTensorSpan();
                        Console.WriteLine($"runtime: {array} sum={Tensor.Sum<double>(tensor)} span2d={array.AsSpan2D()[2, 1]}");
                    }
                    using (var attached = SharedArray.Attach<double>(name, [4, 3]))
                    {
                        Console.WriteLine($"runtime attached: {attached[2, 1]}");
                    }
                    SharedArray.Delete(name);
                    return 0;
                case ["create"]:
                    using (var prices = Prices.Create(fill: 0.5))
                    {
                        prices[3, 2] = 42;
                        Console.WriteLine($"declared created: {Prices.SegmentName} rank {Prices.Rank} ({Prices.Dim0} x {Prices.Dim1})");
                    }
                    return 0;
                case ["attach"]:
                    using (var prices = Prices.AttachReadOnly())
                    {
                        var sum = 0.0;
                        foreach (var x in prices.AsSpan()) sum += x;
                        Console.WriteLine($"declared attached from another process: {prices[3, 2]} {prices[0, 0]} sum={sum}");
                    }
                    Console.WriteLine($"deleted: {Prices.Delete()}");
                    return 0;
                default:
                    Console.Error.WriteLine("usage: runtime NAME | create | attach");
                    return 1;
            }

            [SharedArray<double>(Name = "{{_declared}}", Shape = [4, 3])]
            public partial class Prices;

            [SharedArray<byte>(Name = "{{_declared}}-b", Shape = [8])]
            public partial class Bytes;
            """);
    }

    private static string Expect(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, $"The consumer failed: {result}");
        return result.Output;
    }

    private static ProcessResult Dotnet(string workingDirectory, params string[] arguments) => LocalFeed.Dotnet(workingDirectory, arguments);
}
