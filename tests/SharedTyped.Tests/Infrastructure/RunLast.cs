using Xunit;
using Xunit.v3;

[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
[assembly: TestCollectionOrderer(typeof(SharedTyped.Tests.Infrastructure.RunLastOrderer))]

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
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, Xunit.Sdk.ITestCollection =>
        testCollections
            .OrderBy(c => c.TestCollectionDisplayName == RunLastCollection.Name ? 1 : 0)
            .ThenBy(c => c.TestCollectionDisplayName, StringComparer.Ordinal)
            .ToList();
}
