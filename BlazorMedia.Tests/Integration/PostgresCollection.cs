using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests;

/// <summary>Tests that need PostgreSQL whatever the run's database share one private server.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
