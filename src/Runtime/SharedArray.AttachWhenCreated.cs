using System.Diagnostics;

namespace SharedTyped;

// Attaching to an array that a producer has not created yet: the consumer may start first, or
// outlive a producer that restarts (docs/guarantees.md, "Waiting for a segment").
public static partial class SharedArray
{
    /// <summary>
    /// How often a segment that is under the name but refused as not yet valid (a producer that builds
    /// in place, as cdxcore and numpy do, writing the header through its mapping, which raises no event)
    /// is looked at again while the wait goes on.
    /// </summary>
    internal static readonly TimeSpan RefusedSegmentRecheck = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Attaches to the shared array <paramref name="name"/>, waiting up to <paramref name="timeout"/> for
    /// a producer to create it. Sleeps on the shared-memory directory (inotify; no polling) until a
    /// whole segment is published under the name, then attaches it through <see cref="Attach{T}(string, AttachOptions?)"/>.
    /// A segment SharedTyped is still building is never seen: it is published whole.
    /// </summary>
    /// <exception cref="TimeoutException">No segment of that name appeared within <paramref name="timeout"/>; the message names the array.</exception>
    /// <exception cref="SharedArrayMismatchException">The segment that appeared holds another element type.</exception>
    /// <exception cref="PlatformNotSupportedException">The platform has no shared-memory directory to watch (Windows and macOS so far).</exception>
    public static SharedArray<T> AttachWhenCreated<T>(string name, TimeSpan timeout, AttachOptions? options = null) where T : unmanaged =>
        Wrap<T>(WhenCreated<T>(name, null, timeout, writable: true, options), name, options);

    /// <summary>Like <see cref="AttachWhenCreated{T}(string, TimeSpan, AttachOptions?)"/>, checking the shape; <c>-1</c> in <paramref name="expectedShape"/> matches any extent.</summary>
    /// <exception cref="SharedArrayMismatchException">The segment that appeared has another element type or shape.</exception>
    public static SharedArray<T> AttachWhenCreated<T>(string name, ReadOnlySpan<long> expectedShape, TimeSpan timeout, AttachOptions? options = null) where T : unmanaged =>
        Wrap<T>(WhenCreated<T>(name, expectedShape.ToArray(), timeout, writable: true, options), name, options);

    /// <summary>Like <see cref="AttachWhenCreated{T}(string, TimeSpan, AttachOptions?)"/>, attaching read-only as <see cref="AttachReadOnly{T}(string, AttachOptions?)"/> does.</summary>
    public static ReadOnlySharedArray<T> AttachReadOnlyWhenCreated<T>(string name, TimeSpan timeout, AttachOptions? options = null) where T : unmanaged =>
        WrapReadOnly<T>(WhenCreated<T>(name, null, timeout, writable: false, options), name, options);

    /// <summary>Like <see cref="AttachReadOnlyWhenCreated{T}(string, TimeSpan, AttachOptions?)"/>, checking the shape; <c>-1</c> matches any extent.</summary>
    public static ReadOnlySharedArray<T> AttachReadOnlyWhenCreated<T>(string name, ReadOnlySpan<long> expectedShape, TimeSpan timeout, AttachOptions? options = null) where T : unmanaged =>
        WrapReadOnly<T>(WhenCreated<T>(name, expectedShape.ToArray(), timeout, writable: false, options), name, options);

    /// <summary>
    /// The wait: the watch starts first, then each attempt goes through the ordinary attach path, and
    /// the thread sleeps until the directory reports the name again. A segment under the name that
    /// the attach refuses as malformed is taken for one still being built in place and looked at again
    /// (on its events, and every <see cref="RefusedSegmentRecheck"/>); if the time runs out, the
    /// timeout says why it was refused.
    /// </summary>
    private static SegmentMapping WhenCreated<T>(string name, long[]? expectedShape, TimeSpan timeout, bool writable, AttachOptions? options) where T : unmanaged
    {
        var checkShape = expectedShape is not null;
        ValidateName<T>(name, expectedShape, checkShape);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout,
                $"Shared array '{name}' ({Describe.Request<T>(expectedShape, checkShape)}): a timeout must be zero or positive, or Timeout.InfiniteTimeSpan.");
        }
        var subject = $"Shared array '{name}' ({Describe.Request<T>(expectedShape, checkShape)})";
        var started = Stopwatch.GetTimestamp();
        using var watch = NameWatch.Start(name, options?.Directory, subject);
        SharedArrayFormatException? refused = null;
        while (true)
        {
            try
            {
                if (TryAttachCore<T>(name, expectedShape, checkShape, writable, options) is { } mapping)
                {
                    return mapping;
                }
                refused = null;
            }
            catch (SharedArrayFormatException e)
            {
                refused = e;
            }
            var left = timeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : timeout - Stopwatch.GetElapsedTime(started);
            if (left != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero)
            {
                throw new TimeoutException(refused is null
                    ? $"{subject} was not created within {timeout} (waited on '{Platform.Locate(name, options?.Directory)}')."
                    : $"{subject}: the segment under the name was still not valid after {timeout}: {refused.Message}", refused);
            }
            if (refused is not null && (left == Timeout.InfiniteTimeSpan || left > RefusedSegmentRecheck))
            {
                left = RefusedSegmentRecheck;
            }
            watch.Wait(left);
        }
    }
}
