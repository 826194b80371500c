using BlazorMedia.Features.Files;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Tests.Imaging;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Features.Files;

/// <summary>Folder rename, move and delete over real storage and the run's database: every file under the folder
/// moves with it, refusals are exact and change nothing, an interruption leaves a consistent partial state.</summary>
[Trait("Database", "Each")]
public sealed class FilesFolderTests : IAsyncLifetime
{
    private static readonly Caller Admin = Caller.Operator;
    private ProfileHarness _h = default!;

    public Task InitializeAsync()
    {
        _h = new ProfileHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private Task<FileItem> AddTextAsync(string folder, string name, string text = "hello", string? relative = null) =>
        _h.AddLibraryTextAsync(folder, name, text, relative);

    private string Read(string name) => File.ReadAllText(Path.Combine(_h.MediaRoot, name));

    private sealed record Snapshot(List<string> Rows, List<string> Bytes, List<string> Folders);

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var db = _h.Db();
        var rows = (await db.StoredFiles.Select(f => f.Name).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        var folders = (await db.Folders.Select(f => f.Path).ToListAsync()).Order(StringComparer.Ordinal).ToList();
        return new Snapshot(rows, _h.StoredNames().Order(StringComparer.Ordinal).ToList(), folders);
    }

    /// <summary>docs/a.txt, docs/sub/b.txt, docs/sub/deep/c.txt and an empty docs/empty.</summary>
    private async Task TreeAsync()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        await AddTextAsync("docs", "a.txt", "A");
        await AddTextAsync("docs", "b.txt", "B", relative: "sub");
        await AddTextAsync("docs", "c.txt", "C", relative: "sub/deep");
        await _h.Library.CreateFolderAsync(Admin, "docs", "empty");
    }

    [Fact]
    public async Task RenameFolderAsync_NestedTree_EveryFileAndFolderRowMoves()
    {
        await TreeAsync();

        var moved = await _h.Library.RenameFolderAsync(Admin, "docs", "papers");

        moved.ShouldBe(new FolderMoved("docs", "papers", 3));
        var after = await SnapshotAsync();
        after.Rows.ShouldBe(["papers/a.txt", "papers/sub/b.txt", "papers/sub/deep/c.txt"]);
        after.Bytes.ShouldBe(after.Rows);
        after.Folders.ShouldBe(["papers", "papers/empty", "papers/sub", "papers/sub/deep"]);
        Read("papers/sub/deep/c.txt").ShouldBe("C");
        (await _h.Library.GetFoldersAsync(Admin, "")).ShouldBe([new FolderNode("papers", "papers", true)]);
        (await _h.Library.ListAsync(Admin, new FileQuery("papers/sub"))).Items.Single().FileName.ShouldBe("b.txt");
        await using var db = _h.Db();
        (await db.Folders.SingleAsync(f => f.Path == "papers/sub/deep")).Parent.ShouldBe("papers/sub");
        (await db.Folders.SingleAsync(f => f.Path == "papers/sub/deep")).Name.ShouldBe("deep");
    }

    [Fact]
    public async Task MoveFolderAsync_IntoAnotherFolderAndBackToTopLevel()
    {
        await TreeAsync();
        await _h.Library.CreateFolderAsync(Admin, "", "archive");

        (await _h.Library.MoveFolderAsync(Admin, "docs", "archive")).ShouldBe(new FolderMoved("docs", "archive/docs", 3));
        (await SnapshotAsync()).Rows.ShouldBe(["archive/docs/a.txt", "archive/docs/sub/b.txt", "archive/docs/sub/deep/c.txt"]);
        (await _h.Library.MoveFolderAsync(Admin, "archive/docs/sub", "")).ShouldBe(new FolderMoved("archive/docs/sub", "sub", 2));

        var after = await SnapshotAsync();
        after.Rows.ShouldBe(["archive/docs/a.txt", "sub/b.txt", "sub/deep/c.txt"]);
        after.Bytes.ShouldBe(after.Rows);
        after.Folders.ShouldBe(["archive", "archive/docs", "archive/docs/empty", "sub", "sub/deep"]);
    }

    [Fact]
    public async Task RenameFolderAsync_NameWithLikeWildcards_MovesOnlyItsOwnFiles()
    {
        await AddTextAsync("", "x.txt", "mine", relative: "a_c");
        await AddTextAsync("", "y.txt", "other", relative: "abc");
        await AddTextAsync("", "z.txt", "other", relative: "a_cd");

        (await _h.Library.RenameFolderAsync(Admin, "a_c", "ren")).Files.ShouldBe(1);

        var after = await SnapshotAsync();
        after.Rows.ShouldBe(["a_cd/z.txt", "abc/y.txt", "ren/x.txt"]);
        after.Folders.ShouldBe(["a_cd", "abc", "ren"]);
    }

    [Fact]
    public async Task MoveFolderAsync_Changes_DestinationAddedAndSourceRemoved()
    {
        await TreeAsync();
        await _h.Library.CreateFolderAsync(Admin, "", "archive");
        var seen = new List<FilesChange>();
        using (_h.FilesChanges.Subscribe(c => { seen.Add(c); return Task.CompletedTask; }))
            await _h.Library.MoveFolderAsync(Admin, "docs", "archive");

        seen.ShouldBe([new FilesChange(FilesChangeKind.FolderAdded, "archive", "docs"), new FilesChange(FilesChangeKind.FolderRemoved, "", "docs")]);
    }

    public static TheoryData<string, Func<FilesService, Task>, string> Refusals => new()
    {
        { "destination exists", s => s.RenameFolderAsync(Admin, "docs", "archive"), "A folder “archive” already exists in the top level; choose another name." },
        { "moved into existing", s => s.MoveFolderAsync(Admin, "docs/sub", "archive"), "A folder “sub” already exists in archive; choose another name." },
        { "into itself", s => s.MoveFolderAsync(Admin, "docs", "docs"), "The folder docs cannot be moved into itself or one of its own folders (docs)." },
        { "into own sub-folder", s => s.MoveFolderAsync(Admin, "docs", "docs/sub/deep"), "The folder docs cannot be moved into itself or one of its own folders (docs/sub/deep)." },
        { "already there", s => s.MoveFolderAsync(Admin, "docs/sub", "docs"), "The folder sub is already in docs." },
        { "same name", s => s.RenameFolderAsync(Admin, "docs", " docs "), "The folder docs is already named “docs”." },
        { "slash", s => s.RenameFolderAsync(Admin, "docs", "a/b"), "The folder name “a/b” cannot be used: it contains a slash." },
        { "dot-dot", s => s.RenameFolderAsync(Admin, "docs", ".."), "The folder name “..” cannot be used: it contains a '..' segment." },
        { "empty", s => s.RenameFolderAsync(Admin, "docs", " "), "The folder name “” cannot be used: it is empty." },
        { "reserved trash", s => s.RenameFolderAsync(Admin, "docs", "trash"), "The folder docs cannot become trash: “trash” is reserved for the app." },
        { "reserved thumbnails", s => s.MoveFolderAsync(Admin, "docs", "thumbnails"), "The folder docs cannot become thumbnails/docs: “thumbnails” is reserved for the app." },
        { "hidden source", s => s.RenameFolderAsync(Admin, "trash", "bin"), "The folder trash is reserved for the app." },
        { "top level", s => s.RenameFolderAsync(Admin, "", "x"), "The top level cannot be renamed, moved or deleted." },
        { "missing", s => s.MoveFolderAsync(Admin, "nowhere", "archive"), "The folder nowhere does not exist (it may have been renamed or removed)." },
        { "missing destination", s => s.MoveFolderAsync(Admin, "docs", "nowhere"), "The folder nowhere does not exist (it may have been renamed or removed)." },
        { "out of private", s => s.RenameFolderAsync(Admin, "reports_save", "open"), "The folder reports_save cannot become open: its files are private, and anyone with their links could then read them." },
        { "into private", s => s.MoveFolderAsync(Admin, "docs", "reports_save"), "The folder docs cannot become reports_save/docs, which is private: links already handed out to its files would stop working." },
        { "delete non-empty", s => s.DeleteFolderAsync(Admin, "docs"), "docs is not empty: it holds 1 file and 2 folders." },
        { "delete top level", s => s.DeleteFolderAsync(Admin, ""), "The top level cannot be renamed, moved or deleted." },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task FolderOperation_Refused_ExactMessageAndNothingChanged(string scenario, Func<FilesService, Task> call, string message)
    {
        _ = scenario;
        await TreeAsync();
        await _h.Library.CreateFolderAsync(Admin, "", "archive");
        await _h.Library.CreateFolderAsync(Admin, "archive", "sub");
        await AddTextAsync("", "salaries.txt", "secret", relative: "reports_save");
        var before = await SnapshotAsync();

        (await Should.ThrowAsync<FilesRefusedException>(() => call(_h.Library))).Message.ShouldBe(message);

        (await SnapshotAsync()).ShouldBeEquivalentTo(before);
    }

    [Fact]
    public async Task RenameFolderAsync_FilesUsedByProfiles_RefusedNamingOneAndTheCount()
    {
        var ada = await _h.Profiles.SaveAsync(new ProfileEdit { Name = "Ada", NewAvatar = await _h.AvatarAsync(TestImages.Jpeg(100, 100)) }, Caller.Operator);
        await _h.Profiles.SaveAsync(new ProfileEdit { Name = "Grace", NewAvatar = await _h.AvatarAsync(TestImages.Jpeg(90, 90), "g.jpg") }, Caller.Operator);
        var avatar = (await _h.Profiles.GetAsync(ada.Id))!.AvatarName!;
        var before = await SnapshotAsync();

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.RenameFolderAsync(Admin, "avatars", "pictures")))
            .Message.ShouldBe($"avatars holds 2 files used by profiles (e.g. {avatar["avatars/".Length..]}, the avatar of profile “Ada”); they cannot move.");
        (await SnapshotAsync()).ShouldBeEquivalentTo(before);
    }

    [Fact]
    public async Task RenameFolderAsync_NameTakenMidway_PartialButConsistentAndExplained()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt" }) await AddTextAsync("docs", name, "mine " + name);
        // A concurrent upload lands in the new folder as soon as it exists, under the name the move needs next.
        using var upload = _h.FilesChanges.Subscribe(async c =>
        {
            if (c is { Kind: FilesChangeKind.FolderAdded, Name: "papers" }) await AddTextAsync("papers", "b.txt", "theirs");
        });

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.RenameFolderAsync(Admin, "docs", "papers"))).Message.ShouldBe(
            "Moved 1 of 3 files from docs to papers, then stopped at b.txt: b.txt already exists in papers; rename or move that file first. " +
            "The other files are still in docs; both folders are kept.");

        var after = await SnapshotAsync();
        after.Rows.ShouldBe(["docs/b.txt", "docs/c.txt", "papers/a.txt", "papers/b.txt"]);
        after.Bytes.ShouldBe(after.Rows);
        after.Folders.ShouldBe(["docs", "papers"]);
        Read("papers/b.txt").ShouldBe("theirs");
        Read("docs/b.txt").ShouldBe("mine b.txt");
        Read("papers/a.txt").ShouldBe("mine a.txt");
    }

    [Fact]
    public async Task RenameFolderAsync_CommitFails_FileMovedBackAndBothFoldersKept()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        await AddTextAsync("docs", "a.txt", "A");
        _h.Breaker.FailOn = "UPDATE \"StoredFiles\"";

        var e = await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.RenameFolderAsync(Admin, "docs", "papers"));

        e.Message.ShouldStartWith("Moved 0 of 1 file from docs to papers, then stopped at a.txt: the catalog or storage failed (");
        var after = await SnapshotAsync();
        after.Rows.ShouldBe(["docs/a.txt"]);
        after.Bytes.ShouldBe(after.Rows);
        after.Folders.ShouldBe(["docs", "papers"]);
    }

    [Fact]
    public async Task RestoreAsync_AfterItsFolderWasRenamed_GoesBackToTheOldPath()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        var item = await AddTextAsync("docs", "plan.txt", "plan");
        await AddTextAsync("docs", "keep.txt");
        await _h.Library.TrashAsync(Admin, item.Id);

        (await _h.Library.RenameFolderAsync(Admin, "docs", "papers")).Files.ShouldBe(1);
        var restored = await _h.Library.RestoreAsync(Admin, item.Id);

        restored.Name.ShouldBe("docs/plan.txt");
        Read("docs/plan.txt").ShouldBe("plan");
        (await SnapshotAsync()).Folders.ShouldBe(["docs", "papers"]);
    }

    [Fact]
    public async Task DeleteFolderAsync_Empty_RowRemovedAndPublished()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        await _h.Library.CreateFolderAsync(Admin, "docs", "old");
        var seen = new List<FilesChange>();
        using (_h.FilesChanges.Subscribe(c => { seen.Add(c); return Task.CompletedTask; }))
            await _h.Library.DeleteFolderAsync(Admin, "docs/old");

        (await SnapshotAsync()).Folders.ShouldBe(["docs"]);
        seen.ShouldBe([new FilesChange(FilesChangeKind.FolderRemoved, "docs", "old")]);
    }

    [Fact]
    public async Task DeleteFolderAsync_OnlyTrashedFilesInside_Deleted()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        var item = await AddTextAsync("docs", "a.txt");
        await _h.Library.TrashAsync(Admin, item.Id);

        await _h.Library.DeleteFolderAsync(Admin, "docs");

        (await SnapshotAsync()).Folders.ShouldBeEmpty();
    }

    [Fact]
    public async Task DeleteFolderAsync_ManyFiles_CountsInTheMessage()
    {
        await _h.Library.CreateFolderAsync(Admin, "", "reports");
        for (var i = 0; i < 3; i++) await AddTextAsync("reports", $"r{i}.txt");

        (await Should.ThrowAsync<FilesRefusedException>(() => _h.Library.DeleteFolderAsync(Admin, "reports")))
            .Message.ShouldBe("reports is not empty: it holds 3 files.");
    }

    public static TheoryData<string, Func<FilesService, Caller, Task>> Operations => new()
    {
        { "rename folder", (s, c) => s.RenameFolderAsync(c, "docs", "papers") },
        { "move folder", (s, c) => s.MoveFolderAsync(c, "docs", "") },
        { "delete folder", (s, c) => s.DeleteFolderAsync(c, "docs") },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task FolderOperation_NotAdministrator_RefusedAndNothingChanged(string operation, Func<FilesService, Caller, Task> call)
    {
        _ = operation;
        await _h.Library.CreateFolderAsync(Admin, "", "docs");
        await AddTextAsync("docs", "a.txt");
        var before = await SnapshotAsync();

        foreach (var caller in new[] { Caller.Anonymous, new Caller("user-1", IsAdministrator: false) })
            (await Should.ThrowAsync<FilesRefusedException>(() => call(_h.Library, caller)))
                .Message.ShouldBe("Files are for administrators only. Sign in as an administrator.");
        (await SnapshotAsync()).ShouldBeEquivalentTo(before);
    }
}
