using Xunit.v3;

// Shared memory as these tests know it: /dev/shm, flock, /proc.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
[assembly: TestCollectionOrderer(typeof(SharedTyped.Reliability.Tests.LeftoversLastOrderer))]

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Runs the collections one at a time (the descriptor and mapping counts of one test must not see
/// another's) and the <see cref="LastCollection"/> collection after all others.
/// </summary>
public sealed class LeftoversLastOrderer : ITestCollectionOrderer
{
    public const string LastCollection = "Leftovers (runs last)";

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, Xunit.Sdk.ITestCollection =>
        testCollections
            .OrderBy(c => c.TestCollectionDisplayName == LastCollection ? 1 : 0)
            .ThenBy(c => c.TestCollectionDisplayName, StringComparer.Ordinal)
            .ToList();
}
