using Xunit;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(SharedTyped.TestSupport.RunLastOrderer))]

namespace SharedTyped.TestSupport;

/// <summary>The collection that runs after every other one: the assembly's leak check.</summary>
[CollectionDefinition(Name)]
public sealed class RunLastCollection
{
    public const string Name = "zz run last";
}

/// <summary>
/// Runs the collections in name order with <see cref="RunLastCollection"/> last, so that the leak check sees
/// what every other test left behind. Compiled into a test assembly, it orders that assembly's collections;
/// the assembly says whether they run one at a time (its <c>Parallelization</c> attribute).
/// </summary>
public sealed class RunLastOrderer : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, Xunit.Sdk.ITestCollection =>
        testCollections
            .OrderBy(static c => c.TestCollectionDisplayName == RunLastCollection.Name ? 1 : 0)
            .ThenBy(static c => c.TestCollectionDisplayName, StringComparer.Ordinal)
            .ToList();
}
