using System.Net;
using System.Security.Cryptography;
using AngleSharp.Html.Parser;
using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Data.Upgrade;

/// <summary>A database made by the old hand-written migrations (aafe44d) is upgraded in place by this app: every row
/// kept, the history recognised, the schema the same as a new database's, every file still served, the administrator
/// still signs in and is still one, and the Data Protection key ring in the database still opens what it protected.</summary>
public abstract class UpgradeTests<TApp>(TApp upgraded) : IDisposable where TApp : UpgradedApp
{
    private const string History = "__EFMigrationsHistory";
    private readonly TempDirectory _dir = new("bm-upgrade-test");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Fixture_HoldsEveryKindOfRow()
    {
        foreach (var table in new[] { "Profiles", "StoredFiles", "Folders", "FolderCounts", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "DataProtectionKeys" })
            upgraded.RowsBefore[table].ShouldNotBeEmpty($"the fixture has no {table} rows");
        upgraded.RowsBefore[History].Select(r => r.Split(" | ")[0]).ShouldBe(LegacyHistory.Ids);
    }

    [Fact]
    public void Upgrade_EveryRowOfEveryTable_Kept()
    {
        foreach (var (table, rows) in upgraded.RowsBefore.Where(t => t.Key != History))
        {
            // Data Protection may add a key once the fixture's has expired (90 days); nothing else is written at start.
            if (table == "DataProtectionKeys") rows.ShouldBeSubsetOf(upgraded.RowsAfterStart[table]);
            else upgraded.RowsAfterStart[table].ShouldBe(rows, $"rows of {table}");
        }
    }

    [Fact]
    public async Task Upgrade_History_KeepsTheOldIdsAndRecordsTheBaseline()
    {
        await using var db = upgraded.Database.CreateContext();
        var ids = upgraded.RowsAfterStart[History].Select(r => r.Split(" | ")[0]).ToList();

        ids.ShouldBe([.. LegacyHistory.Ids, LegacyHistory.BaselineId(db)]);
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Upgrade_Schema_EqualsANewDatabases()
    {
        await using var fresh = upgraded.CreateEmptyDatabase(_dir).CreateContext();
        await fresh.Database.MigrateAsync();
        await using var db = upgraded.Database.CreateContext();

        (await SchemaReader.ReadAsync(db)).ShouldBe(await SchemaReader.ReadAsync(fresh));
    }

    [Fact]
    public async Task Upgrade_FolderCounts_EqualCountStar()
    {
        await using var db = upgraded.Database.CreateContext();
        (await CatalogCounts.FindWrongAsync(db, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Upgrade_EveryPublicCatalogFile_ServedWithItsBytes()
    {
        var files = await CatalogAsync();
        using var http = new HttpClient { BaseAddress = new Uri(upgraded.App.BaseUrl) };

        foreach (var file in files.Where(f => !f.Name.StartsWith("reports_save/", StringComparison.Ordinal)))
            Sha256(await http.GetByteArrayAsync($"/media/{file.Name}")).ShouldBe(file.Sha256, file.Name);
        files.Count(f => f.Name.StartsWith("avatars/", StringComparison.Ordinal)).ShouldBe(6);
    }

    [Fact]
    public async Task Upgrade_EveryThumbnail_Served()
    {
        var thumbnails = Directory.GetFiles(Path.Combine(upgraded.FixtureDir, "media", "thumbnails"), "*.webp", SearchOption.AllDirectories);
        using var http = new HttpClient { BaseAddress = new Uri(upgraded.App.BaseUrl) };

        thumbnails.ShouldNotBeEmpty();
        foreach (var path in thumbnails)
        {
            var name = Path.GetRelativePath(Path.Combine(upgraded.FixtureDir, "media"), path);
            (await http.GetByteArrayAsync($"/media/{name}")).ShouldBe(await File.ReadAllBytesAsync(path), name);
        }
    }

    [Fact]
    public async Task Upgrade_OldAdministrator_SignsInAndIsStillAdministrator()
    {
        using var http = HttpAccounts.CreateClient(new Uri(upgraded.App.BaseUrl));

        (await HttpAccounts.TrySignInAsync(http, HttpAccounts.AdministratorEmail, HttpAccounts.AdministratorPassword)).ShouldBeTrue();
        (await http.GetAsync("/files")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Upgrade_EveryReport_DownloadsThroughItsSignedLink()
    {
        using var http = HttpAccounts.CreateClient(new Uri(upgraded.App.BaseUrl));
        (await HttpAccounts.TrySignInAsync(http, HttpAccounts.AdministratorEmail, HttpAccounts.AdministratorPassword)).ShouldBeTrue();
        var reports = (await CatalogAsync()).Where(f => f.Name.StartsWith("reports_save/", StringComparison.Ordinal)).ToDictionary(f => f.Name, f => f.Sha256);
        await using var db = upgraded.Database.CreateContext();
        var profiles = await db.Set<BlazorMedia.Features.Profiles.Profile>().Where(p => p.ReportName != null).Select(p => new { p.Id, p.ReportName }).ToListAsync();

        profiles.Count.ShouldBe(6);
        foreach (var profile in profiles)
        {
            var page = new HtmlParser().ParseDocument(await http.GetStringAsync($"/profiles/{profile.Id}"));
            var link = page.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim().EndsWith("Download report", StringComparison.Ordinal))?.GetAttribute("href");
            link.ShouldNotBeNull($"profile {profile.Id} shows no report link");
            Sha256(await http.GetByteArrayAsync(link)).ShouldBe(reports[profile.ReportName!], profile.ReportName);
        }
    }

    [Fact]
    public async Task Upgrade_SigningKeyFile_StillOpensWithTheKeptKeyRing()
    {
        var before = await File.ReadAllBytesAsync(Path.Combine(upgraded.FixtureDir, "media-signing.key"));
        using var http = HttpAccounts.CreateClient(new Uri(upgraded.App.BaseUrl));
        (await HttpAccounts.TrySignInAsync(http, HttpAccounts.AdministratorEmail, HttpAccounts.AdministratorPassword)).ShouldBeTrue();

        // Signing a link reads the key file; a key ring that could not decrypt it would replace it with a new key.
        (await http.GetStringAsync("/profiles/1")).ShouldContain("Download report");

        (await File.ReadAllBytesAsync(upgraded.SigningKeyFile)).ShouldBe(before);
    }

    private async Task<List<StoredFile>> CatalogAsync()
    {
        await using var db = upgraded.Database.CreateContext();
        var files = await db.StoredFiles.AsNoTracking().OrderBy(f => f.Id).ToListAsync();
        files.ShouldNotBeEmpty();
        return files;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

public sealed class SqliteUpgradeTests(UpgradedSqliteApp upgraded) : UpgradeTests<UpgradedSqliteApp>(upgraded), IClassFixture<UpgradedSqliteApp>;

public sealed class PostgresUpgradeTests(UpgradedPostgresApp upgraded) : UpgradeTests<UpgradedPostgresApp>(upgraded), IClassFixture<UpgradedPostgresApp>;
