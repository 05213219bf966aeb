using Xunit;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: TestCollectionOrderer("SharedTyped.Tests.Infrastructure.RunLastOrderer", "SharedTyped.Tests")]

namespace SharedTyped.Tests.Infrastructure;

/// <summary>The collection that runs after every other one: the leak check.</summary>
[CollectionDefinition(Name)]
public sealed class RunLastCollection
{
    public const string Name = "zz run last";
}

/// <summary>
/// Runs the collections one after another (parallelisation is off) in name order, with
/// <see cref="RunLastCollection"/> last, so the leak check sees what every other test left behind.
/// </summary>
public sealed class RunLastOrderer : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(c => c.DisplayName == RunLastCollection.Name ? 1 : 0)
            .ThenBy(c => c.DisplayName, StringComparer.Ordinal);
}
