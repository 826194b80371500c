using BlazorMedia.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BlazorMedia.Data;

/// <summary>The catalog on SQLite; its migrations are in <c>Data/Migrations/Sqlite</c>.</summary>
public sealed class SqliteMediaDbContext(DbContextOptions<MediaDbContext> options) : MediaDbContext(options);

/// <summary>The catalog on PostgreSQL; its migrations are in <c>Data/Migrations/PostgreSQL</c>.</summary>
public sealed class PostgresMediaDbContext(DbContextOptions<MediaDbContext> options) : MediaDbContext(options)
{
    /// <summary>NOTIFY is transactional: listeners get the payloads when the transaction commits, never if it rolls back.</summary>
    protected override async Task NotifyAsync(IReadOnlyList<string> notifications, CancellationToken cancellationToken)
    {
        if (Feed != ChangeFeeds.Notify)
        {
            await base.NotifyAsync(notifications, cancellationToken);
            return;
        }
        var payloads = notifications.ToArray();
        await Database.ExecuteSqlAsync($"SELECT pg_notify({ChangeFeed.Channel}, p) FROM unnest({payloads}) AS p", cancellationToken);
    }
}

/// <summary>The catalog on SQL Server; its migrations are in <c>Data/Migrations/SqlServer</c>.</summary>
public sealed class SqlServerMediaDbContext(DbContextOptions<MediaDbContext> options) : MediaDbContext(options)
{
    /// <summary>Code-point order and exact equality, as SQLite's BINARY and PostgreSQL's C collation give.</summary>
    public const string OrdinalCollation = "Latin1_General_100_BIN2";

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // SQL Server's default collations ignore case. Storage names are case-sensitive ("a.jpg" and "A.jpg" are two
        // files: a case-insensitive unique index would refuse the second, and a lookup by name could find the wrong
        // row), and the folded-name prefix search is a range [prefix, prefix with its last character + 1) that holds
        // only in code-point order. So every string column of the app's own tables compares ordinally; Identity's
        // and Data Protection's keep the database default (Identity compares normalized names), and so do the app's
        // columns holding a user id: a foreign key must have its key's collation, and a join across two collations
        // is refused.
        foreach (var entity in b.Model.GetEntityTypes().Where(e => e.ClrType.Namespace?.StartsWith("BlazorMedia.", StringComparison.Ordinal) == true))
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string) && !p.IsForeignKey() && p.Name != "OwnerId"))
                property.SetCollation(OrdinalCollation);
        // A clustered key is limited to 900 bytes and a path is up to 512 characters (1,024 bytes as nvarchar):
        // nonclustered keys may take 1,700.
        b.Entity<FolderCount>().HasKey(c => c.Path).IsClustered(false);
    }
}

// `dotnet ef migrations add` builds each provider's context through these, with a placeholder connection string:
// adding a migration or writing a script never connects.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteMediaDbContext>
{
    public SqliteMediaDbContext CreateDbContext(string[] args) =>
        (SqliteMediaDbContext)MediaDatabase.CreateContext(DatabaseOptions.Sqlite, "Data Source=design-time.db");
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresMediaDbContext>
{
    public PostgresMediaDbContext CreateDbContext(string[] args) =>
        (PostgresMediaDbContext)MediaDatabase.CreateContext(DatabaseOptions.PostgreSql, "Host=design-time;Database=blazormedia");
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerMediaDbContext>
{
    public SqlServerMediaDbContext CreateDbContext(string[] args) =>
        (SqlServerMediaDbContext)MediaDatabase.CreateContext(DatabaseOptions.SqlServer, "Server=design-time;Database=blazormedia");
}
