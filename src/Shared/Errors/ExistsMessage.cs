namespace SharedTyped;

/// <summary>
/// The one wording of a taken segment name, compiled into the runtime (<see cref="SharedArrayExistsException"/>),
/// Flight and the CLI (linked), so that every "exists" message reads alike and only its way out differs:
/// <c>Shared array 'prices' already exists ('/dev/shm/prices'); requested double, shape (3,). To replace it, …</c>
/// </summary>
internal static class ExistsMessage
{
    /// <summary>The message.</summary>
    /// <param name="name">The taken name.</param>
    /// <param name="location">Where the name lives (<c>/dev/shm/prices</c>), or null.</param>
    /// <param name="wayOut">What the reader can do about it, as whole sentences, or null.</param>
    /// <param name="detail">What else is known about the segment (<c>belongs to another user</c>), or null.</param>
    /// <param name="requested">What the caller asked to create (<c>double, shape (3,)</c>), or null.</param>
    public static string For(string name, string? location, string? wayOut, string? detail = null, string? requested = null) =>
        $"Shared array '{name}' already exists{(location is null ? "" : $" ('{location}')")}{(detail is null ? "" : $" and {detail}")}" +
        $"{(requested is null ? "" : $"; requested {requested}")}.{(wayOut is null ? "" : " " + wayOut)}";

    /// <summary>The library's ways out, for a caller of its API.</summary>
    public static string LibraryWayOut(string name) =>
        "To replace it, create with CreateOptions.Force; to use it, CreateOrAttach or Attach; to have a name removed when its last " +
        $"process ends, create it with SegmentLifetime.LastProcessOut; to remove it now: sharedtyped rm {name}";
}
