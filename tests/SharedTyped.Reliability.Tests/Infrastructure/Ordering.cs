using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCollectionOrderer("SharedTyped.Reliability.Tests.LeftoversLastOrderer", "SharedTyped.Reliability.Tests")]

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// Runs the collections one at a time (the descriptor and mapping counts of one test must not see
/// another's) and the <see cref="LastCollection"/> collection after all others.
/// </summary>
public sealed class LeftoversLastOrderer : ITestCollectionOrderer
{
    public const string LastCollection = "Leftovers (runs last)";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => c.DisplayName == LastCollection ? 1 : 0)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
