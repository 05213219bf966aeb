using System.Runtime.CompilerServices;

namespace SharedTyped.Generator.Tests.Infrastructure;

/// <summary>
/// The expected generator output kept in <c>Expected/</c>. The generator's version in
/// <c>[GeneratedCode]</c> is stored as <see cref="VersionPlaceholder"/>. Set the environment variable
/// <c>SHAREDTYPED_UPDATE_EXPECTED=1</c> to rewrite the files from the current output (then review the diff).
/// </summary>
internal static class ExpectedFiles
{
    public const string VersionPlaceholder = "{GeneratorVersion}";

    private static readonly string s_version = typeof(SharedArrayGenerator).Assembly.GetName().Version!.ToString();

    public static bool Updating => Environment.GetEnvironmentVariable("SHAREDTYPED_UPDATE_EXPECTED") == "1";

    public static string Read(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Expected", fileName)).Replace("\r\n", "\n").Replace(VersionPlaceholder, s_version);

    public static void Write(string fileName, string generated) =>
        File.WriteAllText(Path.Combine(SourceDirectory(), "Expected", fileName), Scrub(generated));

    public static string Scrub(string generated) =>
        generated.Replace($"\"SharedTyped.Generator\", \"{s_version}\"", $"\"SharedTyped.Generator\", \"{VersionPlaceholder}\"");

    private static string SourceDirectory([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
