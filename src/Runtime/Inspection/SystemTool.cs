namespace SharedTyped.Diagnostics;

/// <summary>A program the runtime runs, and where it was found (null: not found).</summary>
/// <param name="Name">The program, as the runtime looks for it.</param>
/// <param name="Path">Where it was found, or null.</param>
public sealed record SystemTool(string Name, string? Path);
