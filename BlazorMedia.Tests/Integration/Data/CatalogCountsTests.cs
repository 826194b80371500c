using BlazorMedia.Catalog;
using BlazorMedia.Features.Files;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Imaging;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Data;

/// <summary>The kept per-folder counts equal a COUNT(*) of live files after every kind of catalog write, on the
/// run's database (SQLite, or PostgreSQL with BLAZORMEDIA_TEST_DATABASE=PostgreSQL).</summary>
[Trait("Database", "Each")]
public sealed class CatalogCountsTests : IAsyncLifetime
{
    private static readonly Caller Admin = Caller.Operator;
    private ProfileHarness _h = default!;

    public Task InitializeAsync()
    {
        _h = new ProfileHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<FileItem> AddAsync(string folder, string name) => _h.AddLibraryTextAsync(folder, name, name);

    private async Task CountsAreTrueAsync(string step)
    {
        await using var db = _h.Db();
        (await CatalogCounts.FindWrongAsync(db, CancellationToken.None)).ShouldBeEmpty($"after {step}");
    }

    private async Task<int> TotalAsync(string folder) => (await _h.Library.ListAsync(Admin, new FileQuery(folder))).Total;

    [Fact]
    public async Task MixedWorkload_CountsEqualCountStar()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        await _h.Library.CreateFolderAsync(Admin, "docs", "old");
        var a = await AddAsync("", "a.txt");
        var b = await AddAsync("docs", "b.txt");
        await AddAsync("docs", "c.txt");
        await AddAsync("docs/old", "d.txt");
        await CountsAreTrueAsync("adds");
        (await TotalAsync(""), await TotalAsync("docs"), await TotalAsync("docs/old")).ShouldBe((1, 2, 1));

        await _h.Library.MoveAsync(Admin, a.Id, "docs");
        await _h.Library.RenameAsync(Admin, b.Id, "b2.txt");
        await CountsAreTrueAsync("move and rename");
        (await TotalAsync(""), await TotalAsync("docs")).ShouldBe((0, 3));

        await _h.Library.TrashAsync(Admin, a.Id);
        await _h.Library.TrashAsync(Admin, b.Id);
        await CountsAreTrueAsync("trash");
        (await TotalAsync("docs")).ShouldBe(1);

        await _h.Library.RestoreAsync(Admin, b.Id);
        await CountsAreTrueAsync("restore");
        (await TotalAsync("docs")).ShouldBe(2);

        await _h.Library.EmptyTrashAsync(Admin);
        await CountsAreTrueAsync("empty trash");

        var saved = await _h.Profiles.SaveAsync(new ProfileEdit
        {
            Name = "Ada", NewAvatar = await _h.AvatarAsync(TestImages.Jpeg(64, 64)), NewReport = await _h.ReportAsync(),
        }, Admin);
        saved.Outcome.ShouldBe(SaveOutcome.Saved);
        await CountsAreTrueAsync("profile save");
        (await TotalAsync("avatars")).ShouldBe(1);

        var version = (await _h.Profiles.GetAsync(saved.Id))!.Version;
        (await _h.Profiles.DeleteAsync(saved.Id, version, Admin)).Outcome.ShouldBe(SaveOutcome.Saved);
        await CountsAreTrueAsync("profile delete");
        (await TotalAsync("avatars")).ShouldBe(0);
    }

    [Fact]
    public async Task ConcurrentAdds_ToOneFolder_NoCountLost()
    {
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => AddAsync("", $"n{i}.txt")));

        await CountsAreTrueAsync("concurrent adds");
        (await TotalAsync("")).ShouldBe(8);
    }

    [Fact]
    public async Task Backfill_CountsRowsFromBeforeTheLibrary()
    {
        await AddAsync("", "kept.txt");
        await using (var db = _h.Db())
        {
            // A row as stored before the library existed: no derived columns, so not counted yet.
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "StoredFiles" ("Name", "Size", "Sha256", "ContentType", "OriginalName", "CreatedUtc", "Folder", "FileName", "SearchName")
                VALUES ('legacy/old.txt', 1, {new string('b', 64)}, 'text/plain', 'old.txt', {DateTime.UtcNow}, '', '', '')
                """);
            (await CatalogFolders.BackfillAsync(db, CancellationToken.None)).ShouldBe(1);
        }

        await CountsAreTrueAsync("backfill");
        (await TotalAsync("legacy")).ShouldBe(1);
    }
}
