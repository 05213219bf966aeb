namespace SharedTyped.Flight.Tests.Infrastructure;

/// <summary>
/// Two hosts in one machine: a "remote" shared-memory directory served by a server process, and a
/// "local" one that clients pull into. Shared by the tests of a class; each test uses names of its own.
/// </summary>
public class ServedHost : IDisposable
{
    private readonly TempDirectory _remote = TempDirectory.InSharedMemory("remote");
    private readonly TempDirectory _local = TempDirectory.InSharedMemory("local");
    private readonly FlightPeer _server;

    public ServedHost() : this(maxBatchBytes: null) { }

    protected ServedHost(int? maxBatchBytes)
    {
        _server = FlightPeer.Serve(_remote.Path, maxBatchBytes: maxBatchBytes);
    }

    public Uri Server => _server.Address;

    public string RemoteDirectory => _remote.Path;

    public string LocalDirectory => _local.Path;

    public CreateOptions Remote => new() { Directory = _remote.Path };

    public CreateOptions Local => new() { Directory = _local.Path };

    public AttachOptions AttachRemote => new() { Directory = _remote.Path };

    public AttachOptions AttachLocal => new() { Directory = _local.Path };

    internal IReadOnlyList<string> LocalEntries() => _local.Entries();

    public void Dispose()
    {
        _server.Dispose();
        _remote.Dispose();
        _local.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A served host whose server cuts streams into batches of 64 KiB, so multi-batch paths run on small arrays.</summary>
public sealed class SmallBatchHost() : ServedHost(maxBatchBytes: 64 << 10);
