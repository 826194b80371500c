using BlazorMedia.Data;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorMedia.Tests.Data.Upgrade;

/// <summary>How the baseline recognises an old database (the SQLite fixture, made by aafe44d): all five old history
/// ids, recorded once; a half-migrated one is refused by name; a new or empty database is left to Migrate.</summary>
public sealed class LegacyHistoryTests : IDisposable
{
    private readonly TempDirectory _dir = new("bm-legacy");

    public void Dispose() => _dir.Dispose();

    private TestDatabase CopyOfFixture()
    {
        var file = _dir.Combine($"{Guid.NewGuid():N}.db");
        File.Copy(Path.Combine(UpgradedApp.FixturesDir, "sqlite", "blazormedia.db"), file);
        return TestDatabase.Sqlite(file);
    }

    private static async Task<List<string>> HistoryAsync(MediaDbContext db) =>
        [.. await db.Database.SqlQueryRaw<string>("""SELECT "MigrationId" AS "Value" FROM "__EFMigrationsHistory" ORDER BY 1""").ToListAsync()];

    [Fact]
    public async Task AdoptAsync_OldDatabaseTwice_RecordsTheBaselineOnce()
    {
        await using var db = CopyOfFixture().CreateContext();

        (await LegacyHistory.AdoptAsync(db, NullLogger.Instance, CancellationToken.None)).ShouldBeTrue();
        (await LegacyHistory.AdoptAsync(db, NullLogger.Instance, CancellationToken.None)).ShouldBeFalse();

        (await HistoryAsync(db)).ShouldBe([.. LegacyHistory.Ids, LegacyHistory.BaselineId(db)]);
    }

    [Fact]
    public async Task AdoptAsync_OldDatabaseMissingAMigration_RefusedNamingIt()
    {
        await using var db = CopyOfFixture().CreateContext();
        await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261123090000_FolderCounts'""");

        var e = await Should.ThrowAsync<LegacyDatabaseException>(() => LegacyHistory.AdoptAsync(db, NullLogger.Instance, CancellationToken.None));

        e.Message.ShouldBe("it was made by an older BlazorMedia whose migrations did not all run (missing: 20261123090000_FolderCounts); " +
                           "start that version once so it finishes them, then this one");
    }

    [Fact]
    public async Task AdoptAsync_NewDatabase_LeavesItToMigrate()
    {
        await using var db = TestDatabase.Sqlite(_dir.Combine("new.db")).CreateContext();

        (await LegacyHistory.AdoptAsync(db, NullLogger.Instance, CancellationToken.None)).ShouldBeFalse();
        await db.Database.MigrateAsync();
        (await LegacyHistory.AdoptAsync(db, NullLogger.Instance, CancellationToken.None)).ShouldBeFalse();

        (await HistoryAsync(db)).ShouldBe([LegacyHistory.BaselineId(db)]);
    }

    [Fact]
    public async Task Start_OldDatabaseMissingAMigration_ExitsWithOneLineNamingIt()
    {
        var database = CopyOfFixture();
        await using (var db = database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsHistory" WHERE "MigrationId" = '20261122200000_MediaLibrary'""");
        await using var app = AppProcess.Create(database: database);
        app.Start();

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldBe(1, app.Log);
        app.Log.ShouldContain("Database (Sqlite) cannot be upgraded: it was made by an older BlazorMedia whose migrations did not all run " +
                              "(missing: 20261122200000_MediaLibrary); start that version once so it finishes them, then this one.", Case.Sensitive, app.Log);
        app.Log.ShouldNotContain("   at ", Case.Sensitive, app.Log);
    }
}
