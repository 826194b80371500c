using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorMedia.Tests.Data.Upgrade;

/// <summary>The CleanDisplayNames migration on a database made by the old app (the SQLite upgrade fixture): names
/// stored as browsers sent them are rewritten by the display-name rule, once, and nothing else changes.</summary>
public sealed class DisplayNameCleanupTests : IDisposable
{
    private readonly TempDirectory _dir = new("bm-names");

    public void Dispose() => _dir.Dispose();

    private async Task<MediaDbContext> OldDatabaseWithHostileNamesAsync()
    {
        var file = _dir.Combine($"{Guid.NewGuid():N}.db");
        File.Copy(Path.Combine(UpgradedApp.FixturesDir, "sqlite", "blazormedia.db"), file);
        var db = TestDatabase.Sqlite(file).CreateContext();
        var ids = await db.Database.SqlQueryRaw<long>("""SELECT "Id" AS "Value" FROM "StoredFiles" ORDER BY 1""").ToListAsync();
        ids.Count.ShouldBeGreaterThanOrEqualTo(3);
        await SetNameAsync(db, ids[0], "invoice\u202Efdp.exe");
        await SetNameAsync(db, ids[1], "..\\..\\C:\\Users\\ann\\Q3\r\nreport.pdf");
        return db;
    }

    private static Task<int> SetNameAsync(MediaDbContext db, long id, string name) =>
        db.Database.ExecuteSqlAsync($"""UPDATE "StoredFiles" SET "OriginalName" = {name} WHERE "Id" = {id}""");

    private static async Task<List<string>> NamesAsync(MediaDbContext db) =>
        await db.Database.SqlQueryRaw<string>("""SELECT "OriginalName" AS "Value" FROM "StoredFiles" ORDER BY "Id" """).ToListAsync();

    [Fact]
    public async Task MigrateAsync_OldDatabaseWithHostileNames_CleansThemAndKeepsTheOthers()
    {
        await using var db = await OldDatabaseWithHostileNamesAsync();
        var before = await NamesAsync(db);

        await StartupChecks.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);

        var after = await NamesAsync(db);
        after[0].ShouldBe("invoicefdp.exe");
        after[1].ShouldBe("Q3 report.pdf");
        after.Skip(2).ShouldBe(before.Skip(2));
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldContain(id => id.EndsWith("_" + DisplayNameCleanup.MigrationName));
    }

    [Fact]
    public async Task MigrateAsync_AfterTheCleanup_NotRunAgain()
    {
        await using var db = await OldDatabaseWithHostileNamesAsync();
        await StartupChecks.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        var id = (await db.Database.SqlQueryRaw<long>("""SELECT MIN("Id") AS "Value" FROM "StoredFiles" """).ToListAsync())[0];
        await SetNameAsync(db, id, "kept\u202Eas written by hand");

        await StartupChecks.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);

        (await DisplayNameCleanup.IsDueAsync(db, CancellationToken.None)).ShouldBeFalse();
        (await NamesAsync(db))[0].ShouldBe("kept\u202Eas written by hand");
    }

    [Fact]
    public async Task IsDueAsync_NewDatabase_FalseTheMigrationsMakeItClean()
    {
        await using var db = TestDatabase.Sqlite(_dir.Combine("new.db")).CreateContext();

        (await DisplayNameCleanup.IsDueAsync(db, CancellationToken.None)).ShouldBeFalse();
    }
}
