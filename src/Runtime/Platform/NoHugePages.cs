namespace SharedTyped;

/// <summary>What the systems without huge-page shared memory (macOS, Windows) answer: Prefer falls back, Require is refused.</summary>
internal static class NoHugePages
{
    public static HugePageSupport Describe(string system) => new()
    {
        Available = false,
        Directory = $"{system} shared memory",
        Summary = $"SharedTyped backs shared memory with huge pages only on Linux (tmpfs); {system} segments use normal pages.",
    };

    /// <summary>Throws for <see cref="HugePages.Require"/>; <see cref="HugePages.Prefer"/> goes on with normal pages.</summary>
    public static void RefuseRequire(string name, in SegmentCreateRequest request, string system)
    {
        if (request.HugePages == HugePages.Require)
        {
            throw new PlatformNotSupportedException(
                $"Shared array '{name}': HugePages.Require needs Linux with a tmpfs mounted huge=within_size or huge=advise; " +
                $"SharedTyped has no huge-page shared memory on {system}. Use HugePages.Prefer to fall back to normal pages.");
        }
    }
}
