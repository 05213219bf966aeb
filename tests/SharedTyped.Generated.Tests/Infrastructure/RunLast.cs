using Xunit.v3;

namespace SharedTyped.Generated.Tests.Infrastructure;

/// <summary>The collection that runs after every other one: the leak check.</summary>
[CollectionDefinition(Name)]
public sealed class RunLastCollection
{
    public const string Name = "zz run last";
}

/// <summary>Runs the collections in name order with <see cref="RunLastCollection"/> last.</summary>
public sealed class RunLastOrderer : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, Xunit.Sdk.ITestCollection =>
        testCollections
            .OrderBy(static c => c.TestCollectionDisplayName == RunLastCollection.Name ? 1 : 0)
            .ThenBy(static c => c.TestCollectionDisplayName, StringComparer.Ordinal)
            .ToList();
}
