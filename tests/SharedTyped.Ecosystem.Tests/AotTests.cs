namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// The package under NativeAOT: a console app referencing it is published with <c>PublishAot=true</c> (no trim or
/// AOT warning allowed) and the native binary runs: create, attach, a LastProcessOut segment whose watcher removes it
/// after the process is gone, a generated type, and an attach to a segment this (JIT) process made.
/// </summary>
public sealed class AotTests : IDisposable
{
    private readonly LocalFeed _feed = new("aot");
    private readonly string _name = Segments.NewName("aot");
    private readonly string _tracked = Segments.NewName("aot-tracked");
    private readonly string _declared = UniqueNames.NewShort();

    public void Dispose()
    {
        Segments.Remove(_name, _tracked, _declared);
        _feed.Dispose();
    }

    [Fact]
    public void A_NativeAOT_app_publishes_without_warnings_and_creates_attaches_and_cleans_up()
    {
        _feed.Pack(Path.Combine("src", "Runtime", "SharedTyped.csproj"), "SharedTyped");
        _feed.PrepareConsumers();
        var app = Path.Combine(_feed.Root, "aot");
        WriteApp(app);
        var publish = LocalFeed.Dotnet(app, "publish", "-c", "Release", "-r", "linux-x64", "-o", Path.Combine(app, "out"), "-nodeReuse:false", "-p:UseSharedCompilation=false");
        Assert.True(publish.ExitCode == 0, $"The NativeAOT publish failed: {publish}");
        Assert.DoesNotContain("warning", publish.Output, StringComparison.OrdinalIgnoreCase);
        var binary = Path.Combine(app, "out", "AotConsumer");
        Assert.True(File.Exists(binary), $"No native binary at '{binary}': {publish}");
        Assert.False(File.Exists(Path.Combine(app, "out", "AotConsumer.dll")), "The publish produced IL, not a native binary.");

        using (var made = SharedArray.Create<int>(_name, [3], source: [5, 6, 7]))
        {
            var run = ChildProcess.Run(binary, [_name, _tracked]);
            Assert.True(run.ExitCode == 0, $"The native app failed: {run}");
            Assert.Equal($"""
                attached from the JIT process: 5 6 7
                created and attached: 42
                generated: {_declared} 2 x 3, created: True, value 0.5
                tracked: 1.5

                """, run.Output);
        }
        // The app exited holding its LastProcessOut segment without disposing it: its watcher removes the name.
        Eventually.Until(() => !SharedArray.Exists(_tracked));
        Assert.False(SharedArray.Exists(_tracked), "The LastProcessOut segment of the exited native app is still there.");
        Assert.False(SharedArray.Exists(_declared));
    }

    private void WriteApp(string app)
    {
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "AotConsumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <PublishAot>true</PublishAot>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <InvariantGlobalization>true</InvariantGlobalization>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SharedTyped" Version="{_feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), $$"""
            using SharedTyped;

            var (existing, tracked) = (args[0], args[1]);
            using (var other = SharedArray.AttachReadOnly<int>(existing, [3]))
            {
                Console.WriteLine($"attached from the JIT process: {other[0]} {other[1]} {other[2]}");
            }

            var scratch = existing + "-own";
            using (var created = SharedArray.Create<double>(scratch, [4, 3], new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose }))
            using (var attached = SharedArray.Attach<double>(scratch, [4, 3]))
            {
                attached[2, 1] = 42;
                Console.WriteLine($"created and attached: {created[2, 1]}");
            }

            using (var prices = Prices.CreateOrAttach(out var made, new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose }))
            {
                prices[1, 2] = 0.5;
                Console.WriteLine($"generated: {Prices.SegmentName} {Prices.Dim0} x {Prices.Dim1}, created: {made}, value {prices[1, 2]}");
            }

            // Left open on purpose: the process ends holding it, and the watcher removes the name.
            var held = SharedArray.Create<double>(tracked, [2], fill: 1.5, new CreateOptions { Lifetime = SegmentLifetime.LastProcessOut });
            Console.WriteLine($"tracked: {held[1]}");
            GC.KeepAlive(held);
            return 0;

            [SharedArray<double>(Name = "{{_declared}}", Shape = [2, 3])]
            public partial class Prices;
            """);
    }
}
