namespace SharedTyped.Flight;

/// <summary>A <see cref="SharedArrayFollower{T}"/> whatever its element type, for tools that learn the type from the server.</summary>
public interface ISharedArrayFollower : IAsyncDisposable
{
    /// <summary>The local replica.</summary>
    ISharedArray Replica { get; }

    /// <summary>The server's version that the replica holds now.</summary>
    long RemoteVersion { get; }

    /// <summary>Completes when the follower is disposed; faults when following stops on an error that does not pass by itself.</summary>
    Task Completion { get; }
}
