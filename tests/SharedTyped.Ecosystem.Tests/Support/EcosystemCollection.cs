namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// Every test class of this project is in this collection, so they run one after another and the
/// fixture is disposed after the last of them: the place to check that nothing was left behind.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EcosystemCollection : ICollectionFixture<LeakCheck>
{
    public const string Name = "Ecosystem";
}

/// <summary>Fails the run when a segment (or directory) named with this project's prefix survives the tests.</summary>
public sealed class LeakCheck : IDisposable
{
    public void Dispose()
    {
        var left = Segments.Leftovers();
        if (left.Count > 0)
        {
            throw new InvalidOperationException($"The ecosystem tests left {left.Count} segment(s) in /dev/shm: {string.Join(", ", left)}.");
        }
    }
}
