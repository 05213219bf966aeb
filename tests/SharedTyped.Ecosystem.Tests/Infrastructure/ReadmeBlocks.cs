using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>One <c>```csharp</c> block of README.md: where it starts, its code, and the packages it names beyond SharedTyped.</summary>
internal sealed record ReadmeBlock(int Number, int Line, string Code, IReadOnlyList<string> Packages)
{
    public override string ToString() => $"README block {Number} (line {Line})";
}

/// <summary>Finds the C# blocks of a Markdown file, as the README's rule at its top describes them.</summary>
internal static partial class ReadmeBlocks
{
    [GeneratedRegex(@"^\s*//\s*dotnet add package\s+(?<id>[A-Za-z0-9_.\-]+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PackageLine();

    /// <summary>Every block fenced by <c>```csharp</c> and a closing <c>```</c>, in order.</summary>
    public static IReadOnlyList<ReadmeBlock> Extract(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var blocks = new List<ReadmeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp")
            {
                continue;
            }
            var start = i + 1;
            var end = start;
            while (end < lines.Length && lines[end].TrimEnd() != "```")
            {
                end++;
            }
            Assert.True(end < lines.Length, $"The ```csharp block at line {start} of README.md is never closed.");
            var code = string.Join('\n', lines[start..end]) + "\n";
            var packages = PackageLine().Matches(code).Select(m => m.Groups["id"].Value).ToList();
            blocks.Add(new ReadmeBlock(blocks.Count + 1, start + 1, code, packages)); // 1-based, as editors count
            i = end;
        }
        return blocks;
    }

    /// <summary>Whether <paramref name="packageId"/> is one of this repository's packages (src/X/SharedTyped.X.csproj), packed for the test.</summary>
    public static bool IsOurs(string packageId) => File.Exists(Path.Combine(Repository.Root, ProjectOf(packageId)));

    /// <summary>The project of one of this repository's packages: <c>SharedTyped.Flight</c> is src/Flight/SharedTyped.Flight.csproj.</summary>
    public static string ProjectOf(string packageId) =>
        Path.Combine("src", packageId.StartsWith("SharedTyped.", StringComparison.Ordinal) ? packageId["SharedTyped.".Length..] : packageId, packageId + ".csproj");

    /// <summary>The central version of <paramref name="packageId"/> in the repository's Directory.Packages.props.</summary>
    public static string CentralVersion(string packageId)
    {
        var props = XDocument.Load(Path.Combine(Repository.Root, "Directory.Packages.props"));
        var version = props.Descendants().FirstOrDefault(e => e.Name.LocalName == "PackageVersion"
            && string.Equals(e.Attribute("Include")?.Value, packageId, StringComparison.OrdinalIgnoreCase))?.Attribute("Version")?.Value;
        Assert.True(version is not null, $"A README block needs package '{packageId}', which Directory.Packages.props gives no version.");
        return version;
    }
}
