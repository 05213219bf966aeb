using SharedTyped.Testing;

namespace SharedTyped.Reliability.Peer;

/// <summary>
/// Creates and deletes one name over and over while the test attaches to it in a tight loop, until
/// the test says "stop" on stdin: the test decides when it has seen enough, not a clock.
/// </summary>
internal static class PublishCommands
{
    public const int Elements = 4096;

    /// <summary>Through the runtime: every segment is published whole, filled with the iteration number.</summary>
    public static int Churn(string name)
    {
        var stop = StopSignal();
        Barrier.Say("ready");
        var i = 0;
        while (!stop.IsCompleted)
        {
            i++;
            try
            {
                using (SharedArray.Create<long>(name, [Elements], fill: i))
                {
                }
            }
            catch (SharedArrayExistsException) when (OperatingSystem.IsWindows())
            {
                // Windows frees a name only with its last handle: while the test holds the last round's
                // segment, the name is not free yet (docs/guarantees.md, "Windows").
                continue;
            }
            SharedArray.Delete(name);
        }
        Barrier.Say($"done {i}");
        return 0;
    }

    /// <summary>
    /// The control: how libraries built on shm_open + ftruncate publish (name first, size and header
    /// later), slowed a little so the test sees the window every time. Proves the test can tell.
    /// </summary>
    public static int NaiveChurn(string name)
    {
        var stop = StopSignal();
        var path = SharedTyped.Diagnostics.SharedMemory.Locate(name); // where the runtime itself would put it
        Barrier.Say("ready");
        var header = CdxcoreBytes.Header<long>(Elements);
        var i = 0;
        while (!stop.IsCompleted)
        {
            i++;
            if (OperatingSystem.IsWindows())
            {
                NaiveMapping(name, header, i);
                continue;
            }
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                Thread.Sleep(1);
                file.SetLength(64 + Elements * 8L);
                Thread.Sleep(1);
                file.Write(header);
                file.Flush();
            }
            File.Delete(path);
        }
        Barrier.Say($"done {i}");
        return 0;
    }

    /// <summary>
    /// The naive publisher on Windows: a named mapping (zero-filled, sized at once), the header written
    /// into it after a moment and the data after another, as a program without SharedTyped's publish would.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("windows")]
    private static void NaiveMapping(string name, byte[] header, int round)
    {
        System.IO.MemoryMappedFiles.MemoryMappedFile map;
        try
        {
            map = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateNew(name, 64 + Elements * 8L);
        }
        catch (IOException)
        {
            // The test still holds the last round's mapping, and with it the name.
            return;
        }
        using (map)
        using (var view = map.CreateViewAccessor())
        {
            Thread.Sleep(1);
            view.WriteArray(0, header, 0, header.Length);
            Thread.Sleep(1);
            for (var k = 0; k < Elements; k++)
            {
                view.Write(64 + k * 8L, (long)round);
            }
        }
    }

    /// <summary>Completes when the test writes a line (or closes stdin).</summary>
    private static Task StopSignal() => Task.Run(() => Console.In.ReadLine());
}
