using BlazorMedia.Data;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Data;

/// <summary>Each provider's migrations build exactly the schema its model's create script builds (tables, columns,
/// types, keys, foreign keys, indexes and their filters), on SQLite and on PostgreSQL; SQL Server's, which cannot run
/// here, are compared as scripts by SqlServerScriptTests.</summary>
/// <remarks>Runs once: its subclasses name their database (SQLite, and the suite's own PostgreSQL).</remarks>
public abstract class MigrationSchemaTests
{
    protected abstract Task<MediaDbContext> CreateContextAsync();

    [Fact]
    public async Task Migrate_EmptyDatabase_SchemaEqualsCreateScript()
    {
        await using var migrated = await CreateContextAsync();
        await migrated.Database.MigrateAsync();
        await using var created = await CreateContextAsync();
        await created.Database.ExecuteSqlRawAsync(created.Database.GenerateCreateScript());

        var fromMigrations = await SchemaReader.ReadAsync(migrated);
        var fromModel = await SchemaReader.ReadAsync(created);

        fromMigrations.ShouldNotBeEmpty();
        fromMigrations.ShouldBe(fromModel);
    }

    [Fact]
    public async Task Migrate_EmptyDatabase_EveryEntityTableAndColumnExists()
    {
        await using var db = await CreateContextAsync();
        await db.Database.MigrateAsync();
        var schema = await SchemaReader.ReadAsync(db);

        foreach (var entity in db.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                schema.ShouldContain(l => l.StartsWith($"column {entity.GetTableName()}.{property.GetColumnName()} ", StringComparison.Ordinal),
                    $"{entity.GetTableName()}.{property.GetColumnName()} missing after migration");
    }

    [Fact]
    public async Task Migrate_Twice_IsIdempotentAndNothingPending()
    {
        await using var db = await CreateContextAsync();
        await db.Database.MigrateAsync();
        await db.Database.MigrateAsync();

        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
    }
}

public sealed class SqliteMigrationSchemaTests : MigrationSchemaTests, IDisposable
{
    private readonly TempDirectory _dir = new("bm-sqlite");
    private int _count;

    protected override Task<MediaDbContext> CreateContextAsync()
    {
        return Task.FromResult(TestDatabase.Sqlite(_dir.Combine($"db{Interlocked.Increment(ref _count)}.db")).CreateContext());
    }

    public void Dispose() => _dir.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationSchemaTests(PostgresServer server) : MigrationSchemaTests
{
    protected override async Task<MediaDbContext> CreateContextAsync()
    {
        return new TestDatabase(DatabaseOptions.PostgreSql, await server.CreateDatabaseAsync()).CreateContext();
    }
}
