using System.Buffers.Binary;

namespace SharedTyped.Reliability.Peer;

/// <summary>Creates and deletes one name over and over while the test attaches to it in a tight loop.</summary>
internal static class PublishCommands
{
    public const int Elements = 4096;

    /// <summary>Through the runtime: every segment is published whole, filled with the iteration number.</summary>
    public static int Churn(string name, int iterations)
    {
        Barrier.Say("ready");
        for (var i = 1; i <= iterations; i++)
        {
            using (SharedArray.Create<long>(name, [Elements], fill: i))
            {
            }
            SharedArray.Delete(name);
        }
        Barrier.Say($"done {iterations}");
        return 0;
    }

    /// <summary>
    /// The control: how libraries built on shm_open + ftruncate publish (name first, size and header
    /// later), slowed a little so the test sees the window every time. Proves the test can tell.
    /// </summary>
    public static int NaiveChurn(string name, int iterations)
    {
        var path = Path.Combine(Environment.GetEnvironmentVariable("SHAREDTYPED_SHM_DIR") ?? "/dev/shm", name);
        Barrier.Say("ready");
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, 16);
        header[4] = 4; // int64
        header[7] = 1; // rank 1
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), Elements);
        for (var i = 1; i <= iterations; i++)
        {
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
        Barrier.Say($"done {iterations}");
        return 0;
    }
}
