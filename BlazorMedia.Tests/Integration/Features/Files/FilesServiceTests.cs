using System.Text;
using BlazorMedia.Features.Files;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Imaging;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Features.Files;

/// <summary>The library over real storage, libvips and SQLite: conflicts answered with exact messages, nothing
/// overwritten, nothing left behind.</summary>
[Trait("Database", "Each")]
public sealed class FilesServiceTests : IAsyncLifetime
{
    private static readonly Caller Admin = Caller.Operator;
    private ProfileHarness _h = default!;

    public Task InitializeAsync()
    {
        _h = new ProfileHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private Task<FileItem> AddTextAsync(string folder, string name, string text = "hello", string? relative = null) =>
        _h.AddLibraryTextAsync(folder, name, text, relative);

    private async Task<FileItem> AddImageAsync(string folder, string name, byte[]? bytes = null) =>
        await _h.Library.AddAsync(Admin, folder, null, await _h.LibraryFileAsync(bytes ?? TestImages.Jpeg(300, 200), name));

    public static TheoryData<string, Func<FilesService, Caller, Task>> Operations => new()
    {
        { "list", (s, c) => s.ListAsync(c, new FileQuery("")) },
        { "trash list", (s, c) => s.ListTrashAsync(c) },
        { "folders", (s, c) => s.GetFoldersAsync(c, "") },
        { "new folder", (s, c) => s.CreateFolderAsync(c, "", "x") },
        { "rename", (s, c) => s.RenameAsync(c, 1, "y.txt") },
        { "move", (s, c) => s.MoveAsync(c, 1, "") },
        { "trash", (s, c) => s.TrashAsync(c, 1) },
        { "restore", (s, c) => s.RestoreAsync(c, 1) },
        { "empty trash", (s, c) => s.EmptyTrashAsync(c) },
        { "uses", (s, c) => s.GetUsesAsync(c, ["a.txt"]) },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task AnyOperation_NotAdministrator_RefusedWithReason(string operation, Func<FilesService, Caller, Task> call)
    {
        _ = operation;
        foreach (var caller in new[] { Caller.Anonymous, new Caller("user-1", IsAdministrator: false) })
            (await Should.ThrowAsync<FilesRefusedException>(() => call(_h.Library, caller)))
                .Message.ShouldBe("Files are for administrators only. Sign in as an administrator.");
        await using var db = _h.Db();
        (await db.Folders.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task GetUsesAsync_NamesOnScreen_SaysWhichProfileUsesEach()
    {
        var profile = await _h.Profiles.SaveAsync(new BlazorMedia.Features.Profiles.ProfileEdit
        {
            Name = "Ann", NewAvatar = await _h.AvatarAsync(TestImages.Jpeg(100, 100)), NewReport = await _h.ReportAsync(),
        }, Admin);
        await using var db = _h.Db();
        var row = await db.Set<BlazorMedia.Features.Profiles.Profile>().SingleAsync(p => p.Id == profile.Id);
        var loose = await AddTextAsync("", "loose.txt");

        var uses = await _h.Library.GetUsesAsync(Admin, [row.AvatarName!, row.ReportName!, loose.Name]);

        uses.Keys.Order().ShouldBe(new[] { row.AvatarName!, row.ReportName! }.Order());
        FileIcons.UsedBy(uses[row.AvatarName!]).ShouldBe("Avatar of profile “Ann”");
        FileIcons.UsedBy(uses[row.ReportName!]).ShouldBe("Report file of profile “Ann”");
    }

    [Fact]
    public async Task AddAsync_NotAdministrator_RefusedAndNothingStored()
    {
        var file = await _h.LibraryFileAsync(Utf8("x"), "a.txt");

        await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.AddAsync(Caller.Anonymous, "", null, file));

        _h.StoredNames().ShouldBeEmpty();
    }

    [Fact]
    public async Task AddAsync_Image_StoredWithThumbnailsRowAndFolders()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "library");

        var item = await AddImageAsync("library", "Holiday Photo.JPG");

        item.Name.ShouldBe("library/Holiday_Photo.jpg");
        (item.Width, item.Height).ShouldBe((300, 200));
        _h.StoredNames().ShouldBe([item.Name, .. ThumbnailAlias.All.Select(a => ThumbnailNames.For(item.Sha256, a)).Order(StringComparer.Ordinal)],
            ignoreOrder: true);
        (await _h.Library.GetFoldersAsync(Admin, "")).ShouldBe([new FolderNode("library", "library", false)]);
    }

    [Fact]
    public async Task AddAsync_DroppedFolder_CreatesItsSubfoldersInTheTree()
    {
        await AddTextAsync("", "a.txt", relative: "trip/day 1");

        (await _h.Library.GetFoldersAsync(Admin, "")).ShouldBe([new FolderNode("trip", "trip", true)]);
        (await _h.Library.GetFoldersAsync(Admin, "trip")).ShouldBe([new FolderNode("trip/day 1", "day 1", false)]);
        (await _h.Library.ListAsync(Admin, new FileQuery("trip/day 1"))).Items.Single().Name.ShouldBe("trip/day 1/a.txt");
    }

    [Fact]
    public async Task AddAsync_DroppedFolderNamedTrash_RefusedAndNothingStored()
    {
        var file = await _h.LibraryFileAsync(Utf8("x"), "a.txt");

        (await Should.ThrowAsync<UploadRejectedException>(() => _h.Library.AddAsync(Admin, "", "trash/5", file)))
            .Message.ShouldBe("a.txt cannot be uploaded into “trash/5”: that folder is reserved for the app.");
        _h.StoredNames().ShouldBeEmpty();
    }

    [Fact]
    public async Task AddAsync_NameTaken_StoredUnderSuffixNeverOverwritten()
    {
        var first = await AddTextAsync("", "notes.txt", "first");

        var second = await AddTextAsync("", "notes.txt", "second");

        second.Name.ShouldMatch(@"^notes_[a-zA-Z0-9]{7}\.txt$");
        File.ReadAllText(Path.Combine(_h.MediaRoot, first.Name)).ShouldBe("first");
    }

    [Fact]
    public async Task AddAsync_CatalogRowWhoseBytesWereDeletedOutsideTheApp_StoredUnderSuffixAndTheOldRowKept()
    {
        var lost = await AddTextAsync("", "notes.txt", "first");
        File.Delete(Path.Combine(_h.MediaRoot, lost.Name)); // by hand, behind the app's back

        var again = await AddTextAsync("", "notes.txt", "second");

        again.Name.ShouldMatch(@"^notes_[a-zA-Z0-9]{7}\.txt$");
        File.ReadAllText(Path.Combine(_h.MediaRoot, again.Name)).ShouldBe("second");
        // Nothing was written under the stale row's name: its bytes stay missing, for `check` to report.
        File.Exists(Path.Combine(_h.MediaRoot, lost.Name)).ShouldBeFalse();
        await using var db = _h.Db();
        (await db.StoredFiles.OrderBy(f => f.Id).Select(f => f.Name).ToListAsync()).ShouldBe([lost.Name, again.Name]);
    }

    [Fact]
    public async Task ReceiveAsync_LibraryHtml_RefusedNamingFileAndReason()
    {
        (await Should.ThrowAsync<UploadRejectedException>(() => _h.LibraryFileAsync(Utf8("<html><script>x</script>"), "page.html")))
            .Message.ShouldBe("page.html contains HTML or SVG markup, which is not accepted as a text document.");
        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_LibraryForgedJpegHeader_RefusedAsImage()
    {
        var forged = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 8 };

        var e = await Should.ThrowAsync<UploadRejectedException>(() => _h.LibraryFileAsync(forged, "fake.jpg"));

        e.FileName.ShouldBe("fake.jpg");
        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateFolderAsync_Exists_ConflictNamesFolderAndParent()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "reports");

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.CreateFolderAsync(Admin, "", "reports")))
            .Message.ShouldBe("A folder “reports” already exists in the top level.");
    }

    [Theory]
    [InlineData("a/b", "The folder name “a/b” cannot be used: it contains a slash.")]
    [InlineData("..", "The folder name “..” cannot be used: it contains a '..' segment.")]
    [InlineData("  ", "The folder name “” cannot be used: it is empty.")]
    public async Task CreateFolderAsync_BadName_RefusedWithRule(string name, string message)
    {
        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.CreateFolderAsync(Admin, "", name))).Message.ShouldBe(message);
    }

    [Fact]
    public async Task RenameAsync_FreeName_MovesBytesAndRow()
    {
        var item = await AddTextAsync("", "draft.txt", "body");

        var renamed = await _h.Library.RenameAsync(Admin, item.Id, "final.txt");

        renamed.Name.ShouldBe("final.txt");
        _h.StoredNames().ShouldBe(["final.txt"]);
        File.ReadAllText(Path.Combine(_h.MediaRoot, "final.txt")).ShouldBe("body");
    }

    [Fact]
    public async Task RenameAsync_NameTaken_ConflictAndNothingOverwritten()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "reports");
        await AddTextAsync("reports", "report.txt", "theirs");
        var mine = await AddTextAsync("reports", "mine.txt", "mine");

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.RenameAsync(Admin, mine.Id, "report.txt")))
            .Message.ShouldBe("report.txt already exists in reports; rename or move that file first.");
        File.ReadAllText(Path.Combine(_h.MediaRoot, "reports/report.txt")).ShouldBe("theirs");
        File.ReadAllText(Path.Combine(_h.MediaRoot, "reports/mine.txt")).ShouldBe("mine");
    }

    [Fact]
    public async Task RenameAsync_OtherExtension_Refused()
    {
        var item = await AddTextAsync("", "notes.txt");

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.RenameAsync(Admin, item.Id, "notes.html")))
            .Message.ShouldBe("notes.html must keep the extension .txt of notes.txt: the file's type was checked from its content.");
        _h.StoredNames().ShouldBe(["notes.txt"]);
    }

    [Fact]
    public async Task RenameAsync_CommitFails_BytesMovedBackAndRowUnchanged()
    {
        var item = await AddTextAsync("", "draft.txt");
        _h.Breaker.FailOn = "UPDATE \"StoredFiles\"";

        await Should.ThrowAsync<DbUpdateException>(() => _h.Library.RenameAsync(Admin, item.Id, "final.txt"));

        _h.StoredNames().ShouldBe(["draft.txt"]);
        (await _h.Library.GetAsync(Admin, item.Id))!.Name.ShouldBe("draft.txt");
    }

    [Fact]
    public async Task MoveAsync_IntoFolder_MovesAndConflictIsExplained()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "archive");
        var first = await AddTextAsync("", "report.txt", "one");
        await _h.Library.MoveAsync(Admin, first.Id, "archive");
        var second = await AddTextAsync("", "report.txt", "two");

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.MoveAsync(Admin, second.Id, "archive")))
            .Message.ShouldBe("report.txt already exists in archive; rename or move that file first.");
        _h.StoredNames().ShouldBe(["archive/report.txt", "report.txt"]);
        File.ReadAllText(Path.Combine(_h.MediaRoot, "archive/report.txt")).ShouldBe("one");
    }

    [Fact]
    public async Task MoveAsync_OutOfPrivateFolder_Refused()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "reports_save");
        await _h.Library.CreateFolderAsync(Admin, "", "public");
        var item = await AddTextAsync("reports_save", "salaries.txt");

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.MoveAsync(Admin, item.Id, "public")))
            .Message.ShouldBe("salaries.txt cannot be moved from private reports_save to public: anyone with its link could then read it.");
    }

    [Fact]
    public async Task TrashAsync_FileOfAProfile_RefusedNamingTheProfile()
    {
        var saved = await _h.Profiles.SaveAsync(new ProfileEdit { Name = "Ada Lovelace", NewAvatar = await _h.AvatarAsync(TestImages.Jpeg(100, 100)) }, Caller.Operator);
        var avatar = (await _h.Profiles.GetAsync(saved.Id))!.AvatarName!;
        var row = (await _h.Library.ListAsync(Admin, new FileQuery("avatars"))).Items.Single();
        row.Name.ShouldBe(avatar);

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.TrashAsync(Admin, row.Id)))
            .Message.ShouldBe($"{row.FileName} is the avatar of profile “Ada Lovelace”; remove it from that profile first.");
        _h.StoredNames().ShouldContain(avatar);
    }

    [Fact]
    public async Task TrashAsync_ThenRestore_BytesHiddenThenBack()
    {
        var item = await AddTextAsync("", "notes.txt", "keep me");

        var trashed = await _h.Library.TrashAsync(Admin, item.Id);

        trashed.Name.ShouldBe($"trash/{item.Id}/notes.txt");
        _h.StoredNames().ShouldBe([trashed.Name]);
        (await _h.Library.ListAsync(Admin, new FileQuery(""))).Total.ShouldBe(0);
        (await _h.Library.ListTrashAsync(Admin)).Items.Single().TrashedFrom.ShouldBe("notes.txt");

        var restored = await _h.Library.RestoreAsync(Admin, item.Id);

        restored.Name.ShouldBe("notes.txt");
        File.ReadAllText(Path.Combine(_h.MediaRoot, "notes.txt")).ShouldBe("keep me");
        (await _h.Library.ListTrashAsync(Admin)).Total.ShouldBe(0);
    }

    [Fact]
    public async Task RestoreAsync_NameTakenMeanwhile_ConflictAndStaysInTrash()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        var item = await AddTextAsync("docs", "plan.txt", "old");
        await _h.Library.TrashAsync(Admin, item.Id);
        await AddTextAsync("docs", "plan.txt", "new");

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.RestoreAsync(Admin, item.Id)))
            .Message.ShouldBe("plan.txt already exists in docs; rename or move that file first.");
        File.ReadAllText(Path.Combine(_h.MediaRoot, "docs/plan.txt")).ShouldBe("new");
        (await _h.Library.ListTrashAsync(Admin)).Items.Single().Id.ShouldBe(item.Id);
    }

    [Fact]
    public async Task EmptyTrashAsync_RemovesBytesThumbnailsAndRows()
    {
        var image = await AddImageAsync("", "photo.jpg");
        var text = await AddTextAsync("", "notes.txt");
        await _h.Library.TrashAsync(Admin, image.Id);
        await _h.Library.TrashAsync(Admin, text.Id);

        (await _h.Library.EmptyTrashAsync(Admin)).ShouldBe(2);

        _h.StoredNames().ShouldBeEmpty();
        await using var db = _h.Db();
        (await db.StoredFiles.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task EmptyTrashAsync_ImageSharedWithLiveFile_KeepsSharedThumbnails()
    {
        var bytes = TestImages.Png(120, 80);
        var trashed = await AddImageAsync("", "a.png", bytes);
        var kept = await AddImageAsync("", "b.png", bytes);
        await _h.Library.TrashAsync(Admin, trashed.Id);

        await _h.Library.EmptyTrashAsync(Admin);

        _h.StoredNames().ShouldBe([kept.Name, .. ThumbnailAlias.All.Select(a => ThumbnailNames.For(kept.Sha256, a))], ignoreOrder: true);
    }

    [Fact]
    public async Task ListAsync_SortSearchAndPaging_OnTheCatalog()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        foreach (var (name, text) in new[] { ("beta.txt", "22"), ("Alpha.txt", "1"), ("gamma.txt", "333") })
            await AddTextAsync("docs", name, text);
        await AddTextAsync("", "alpine.txt");

        (await _h.Library.ListAsync(Admin, new FileQuery("docs"))).Items.Select(i => i.FileName).ShouldBe(["Alpha.txt", "beta.txt", "gamma.txt"]);
        (await _h.Library.ListAsync(Admin, new FileQuery("docs", Sort: FileSort.Size, Descending: true))).Items.Select(i => i.FileName)
            .ShouldBe(["gamma.txt", "beta.txt", "Alpha.txt"]);
        var first = await _h.Library.ListAsync(Admin, new FileQuery("docs", Take: 1));
        var page = await _h.Library.ListAsync(Admin, new FileQuery("docs", Page: FilePaging.Next, Anchor: first.Items.Single(), Take: 1));
        (page.Total, page.Items.Single().FileName).ShouldBe((3, "beta.txt"));
        (await _h.Library.ListAsync(Admin, new FileQuery("docs", Search: "ALP"))).Items.Select(i => i.Name)
            .ShouldBe(["docs/Alpha.txt", "alpine.txt"]);
    }

    [Fact]
    public async Task ListAsync_Search_NeverFindsTrashedFiles()
    {
        var gone = await AddTextAsync("", "budget.txt");
        await AddTextAsync("", "budget-2027.txt");
        await _h.Library.TrashAsync(Admin, gone.Id);

        (await _h.Library.ListAsync(Admin, new FileQuery("", Search: "budget"))).Items.Select(i => i.Name).ShouldBe(["budget-2027.txt"]);
    }

    [Fact]
    public async Task Changes_RenameAcrossFolders_PublishedForBothFolders()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "archive");
        var item = await AddTextAsync("", "a.txt");
        var seen = new List<FilesChange>();
        using (_h.FilesChanges.Subscribe(c => { seen.Add(c); return Task.CompletedTask; }))
            await _h.Library.MoveAsync(Admin, item.Id, "archive");
        await _h.Library.RenameAsync(Admin, item.Id, "b.txt"); // after dispose: not seen

        seen.ShouldBe([new FilesChange(FilesChangeKind.FileRenamed, "", "a.txt"), new FilesChange(FilesChangeKind.FileRenamed, "archive", "a.txt")]);
        _h.FilesChanges.SubscriberCount.ShouldBe(0);
    }
}
