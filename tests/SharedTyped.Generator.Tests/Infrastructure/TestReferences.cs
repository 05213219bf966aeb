using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SharedTyped.Generator.Tests.Infrastructure;

/// <summary>
/// What test compilations reference: the .NET reference assemblies of the SDK this test runs on
/// (from its <c>packs</c> folder, so nothing is downloaded) and the SharedTyped runtime with its
/// dependencies.
/// </summary>
internal static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_all = new(Load);

    /// <summary>
    /// Resolves nothing itself: the references come from <see cref="All"/> through
    /// <c>TestState.AdditionalReferences</c>.
    /// </summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    public static ImmutableArray<MetadataReference> All => s_all.Value;

    private static ImmutableArray<MetadataReference> Load() =>
        [.. Framework().Select(static path => MetadataReference.CreateFromFile(path)), .. Runtime()];

    private static IEnumerable<string> Framework()
    {
        // .../dotnet/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var version = Path.GetFileName(runtimeDirectory);
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var exact = Path.Combine(packs, version, "ref", "net10.0");
        var refDirectory = Directory.Exists(exact)
            ? exact
            : Directory.Exists(packs)
                ? Directory.GetDirectories(packs).Select(static d => Path.Combine(d, "ref", "net10.0")).Where(Directory.Exists).OrderBy(static d => d, StringComparer.Ordinal).LastOrDefault()
                : null;
        if (refDirectory is not null)
        {
            return Directory.GetFiles(refDirectory, "*.dll");
        }

        // No targeting pack: the implementation assemblies of the running framework compile as well.
        var trusted = (string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!;
        return trusted.Split(Path.PathSeparator).Where(static p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll");
    }

    /// <summary>SharedTyped.dll and the assemblies its public signatures mention (ILogger, tensors, …).</summary>
    private static IEnumerable<MetadataReference> Runtime()
    {
        var runtime = typeof(SharedArray).Assembly;
        yield return MetadataReference.CreateFromFile(runtime.Location);
        foreach (var name in runtime.GetReferencedAssemblies())
        {
            var location = Assembly.Load(name).Location;
            if (!location.StartsWith(Path.GetDirectoryName(typeof(object).Assembly.Location)!, StringComparison.Ordinal))
            {
                yield return MetadataReference.CreateFromFile(location);
            }
        }
    }
}
