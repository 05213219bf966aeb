using Xunit.Abstractions;

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
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections
            .OrderBy(static c => c.DisplayName == RunLastCollection.Name ? 1 : 0)
            .ThenBy(static c => c.DisplayName, StringComparer.Ordinal);
}
