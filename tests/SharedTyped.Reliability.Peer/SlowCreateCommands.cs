namespace SharedTyped.Reliability.Peer;

/// <summary>
/// A creator that stops between writing its segment and publishing it, for the tests of what
/// <c>CreateOrAttach</c> does meanwhile: it goes through the runtime's one creation path
/// (src/Runtime/Mapping/SegmentTransaction.cs) and only holds still inside it.
/// </summary>
internal static class SlowCreateCommands
{
    /// <summary>
    /// Creates <c>long[length]</c> holding 7, 14, 21, …: says "building" once the elements are written and
    /// waits for a line before it publishes; then says "created" (or "exists …" when the name was taken
    /// meanwhile) and holds what it got until another line.
    /// </summary>
    public static int CreateSlowly(string name, int length)
    {
        var layout = SegmentLayout.For<long>(name, [length]);
        var request = new SegmentCreateRequest(Directory: null, SegmentPermissions.Owner, Force: false, LastProcessOut: false);
        var content = new HeldContent();
        SegmentMapping mapping;
        try
        {
            mapping = SegmentTransaction.Build(name, layout, request, SegmentLifetime.Persistent, logger: null, ref content);
        }
        catch (SharedArrayExistsException e)
        {
            Barrier.Say($"exists {e.Message}");
            Console.In.ReadLine();
            return 0;
        }
        using var array = new SharedArray<long>(mapping, name, SegmentLifetime.Persistent, logger: null);
        Barrier.Say("created");
        Console.In.ReadLine();
        return 0;
    }

    /// <summary>The elements, then a stop until the test writes a line, all before the segment is published.</summary>
    private readonly struct HeldContent : ISegmentContent
    {
        public unsafe void WriteTo(NativeSegment segment, SegmentLayout layout)
        {
            var data = new Span<long>(segment.Address + layout.DataOffset, (int)layout.ElementCount);
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = 7L * (i + 1);
            }
            Barrier.Say("building");
            Console.In.ReadLine();
        }
    }
}
