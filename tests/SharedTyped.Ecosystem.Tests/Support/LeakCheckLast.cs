using Xunit.Abstractions;

// The tests use /dev/shm, Linux file modes and Debian's numpy.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCollectionOrderer("SharedTyped.Ecosystem.Tests.LeakCheckLast", "SharedTyped.Ecosystem.Tests")]

namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// Runs the test collections one after another with <see cref="LeakCheckTests"/> last, so that it sees
/// what every other test left behind. (Sequential also keeps the CLI and pack tests from competing for the two cores.)
/// </summary>
public sealed class LeakCheckLast : ITestCollectionOrderer
{
    public const string LeakCheckCollection = "Leak check (runs last)";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => c.DisplayName.Contains(LeakCheckCollection, StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
