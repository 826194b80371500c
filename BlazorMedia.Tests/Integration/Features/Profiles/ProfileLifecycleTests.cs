using BlazorMedia.Features.Profiles;
using BlazorMedia.Imaging;
using BlazorMedia.Security;
using BlazorMedia.Tests.Imaging;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Features.Profiles;

/// <summary>django-cleanup done right: nothing the user saved is lost, nothing unreferenced is left behind, even when
/// the database fails at the worst moment.</summary>
/// <remarks>Runs once: its subclasses name their database (SQLite, and the suite's own PostgreSQL).</remarks>
public abstract class ProfileLifecycleTests : IAsyncLifetime
{
    private ProfileHarness _h = default!;

    /// <summary>The harness on this class's database provider.</summary>
    protected abstract Task<ProfileHarness> CreateHarnessAsync();

    public async Task InitializeAsync() => _h = await CreateHarnessAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<int> CreateAsync(string name, byte[]? avatar = null, bool report = false)
    {
        var result = await _h.Profiles.SaveAsync(new ProfileEdit
        {
            Name = name,
            NewAvatar = avatar is null ? null : await _h.AvatarAsync(avatar),
            NewReport = report ? await _h.ReportAsync() : null,
        }, Caller.Operator);
        result.Outcome.ShouldBe(SaveOutcome.Saved);
        return result.Id;
    }

    [Fact]
    public async Task Save_NewWithAvatarAndReport_StoresFilesThumbnailsAndRows()
    {
        var id = await CreateAsync("Ada", TestImages.Jpeg(400, 300), report: true);

        var p = (await _h.Profiles.GetAsync(id)).ShouldNotBeNull();
        p.AvatarName.ShouldNotBeNull().ShouldStartWith("avatars/");
        p.AvatarName.ShouldEndWith(".jpg");
        (p.AvatarWidth, p.AvatarHeight).ShouldBe((400, 300));
        p.ReportName.ShouldNotBeNull().ShouldStartWith($"reports_save/{DateTime.UtcNow:yyyy}/{DateTime.UtcNow:MM}/report");
        p.ReportOriginalName.ShouldBe("report.txt");
        _h.StoredNames().Count.ShouldBe(4); // avatar, 2 thumbnails, report
        _h.StoredNames().ShouldBe(_h.ReferencedNames());
        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
    }

    [Fact]
    public async Task Save_ReplaceAvatar_OldFileAndThumbnailsDeletedAfterCommit()
    {
        var id = await CreateAsync("Ada", TestImages.Jpeg(400, 300));
        var before = (await _h.Profiles.GetAsync(id))!;

        var result = await _h.Profiles.SaveAsync(new ProfileEdit
        {
            Id = id, Version = before.Version, Name = "Ada", NewAvatar = await _h.AvatarAsync(TestImages.Png(200, 200), "new.png"),
        }, Caller.Operator);

        result.Outcome.ShouldBe(SaveOutcome.Saved);
        var after = (await _h.Profiles.GetAsync(id))!;
        after.AvatarName.ShouldNotBe(before.AvatarName);
        _h.StoredNames().ShouldNotContain(before.AvatarName!);
        _h.StoredNames().ShouldNotContain(ThumbnailNames.For(before.AvatarSha256!, ThumbnailAlias.Small));
        _h.StoredNames().ShouldBe(_h.ReferencedNames());
    }

    [Theory]
    [InlineData("INSERT INTO \"StoredFiles\"")]
    [InlineData("UPDATE \"Profiles\"")]
    public async Task Save_DatabaseFailsDuringReplace_NewFilesRemovedOldFilesKept(string failOn)
    {
        var id = await CreateAsync("Ada", TestImages.Jpeg(400, 300), report: true);
        var before = (await _h.Profiles.GetAsync(id))!;
        var storedBefore = _h.StoredNames();
        _h.Breaker.FailOn = failOn;

        await Should.ThrowAsync<DbUpdateException>(() => SaveReplacingBothAsync(id, before.Version));

        _h.Breaker.FailOn.ShouldBeNull("the failure was triggered");
        _h.StoredNames().ShouldBe(storedBefore);
        var after = (await _h.Profiles.GetAsync(id))!;
        (after.AvatarName, after.ReportName, after.Version).ShouldBe((before.AvatarName, before.ReportName, before.Version));
        await using var db = _h.Db();
        (await db.StoredFiles.CountAsync()).ShouldBe(2);
    }

    private async Task<SaveResult> SaveReplacingBothAsync(int id, Guid version) => await _h.Profiles.SaveAsync(new ProfileEdit
    {
        Id = id, Version = version, Name = "Ada Lovelace",
        NewAvatar = await _h.AvatarAsync(TestImages.Png(120, 90), "other.png"),
        NewReport = await _h.ReportAsync("New numbers", "q2.txt"),
    }, Caller.Operator);

    [Fact]
    public async Task Save_DatabaseFailsCreatingProfile_NoFileNoRowLeft()
    {
        _h.Breaker.FailOn = "INSERT INTO \"Profiles\"";

        await Should.ThrowAsync<DbUpdateException>(async () => await _h.Profiles.SaveAsync(new ProfileEdit
        {
            Name = "Grace", NewAvatar = await _h.AvatarAsync(TestImages.Jpeg(64, 64)), NewReport = await _h.ReportAsync(),
        }, Caller.Operator));

        _h.StoredNames().ShouldBeEmpty();
        await using var db = _h.Db();
        (await db.Profiles.CountAsync()).ShouldBe(0);
        (await db.StoredFiles.CountAsync()).ShouldBe(0);
        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
    }

    [Fact]
    public async Task Delete_Profile_FilesDeletedAfterCommit()
    {
        var id = await CreateAsync("Ada", TestImages.Jpeg(400, 300), report: true);

        var result = await _h.Profiles.DeleteAsync(id, (await _h.Profiles.GetAsync(id))!.Version, Caller.Operator);

        result.Outcome.ShouldBe(SaveOutcome.Saved);
        _h.StoredNames().ShouldBeEmpty();
        await using var db = _h.Db();
        (await db.StoredFiles.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Delete_DatabaseFails_FilesKept()
    {
        var id = await CreateAsync("Ada", TestImages.Jpeg(400, 300), report: true);
        var stored = _h.StoredNames();
        _h.Breaker.FailOn = "DELETE FROM \"Profiles\"";

        await Should.ThrowAsync<DbUpdateException>(() => _h.Profiles.DeleteAsync(id, null, Caller.Operator));

        _h.StoredNames().ShouldBe(stored);
        (await _h.Profiles.GetAsync(id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Save_ReplaceAvatarStillReferencedByAnotherProfile_FileKept()
    {
        var first = await CreateAsync("Ada", TestImages.Jpeg(400, 300));
        var shared = (await _h.Profiles.GetAsync(first))!.AvatarName!;
        var second = await CreateAsync("Twin");
        await using (var db = _h.Db())
            await db.Profiles.Where(p => p.Id == second).ExecuteUpdateAsync(s => s.SetProperty(p => p.AvatarName, shared));

        await _h.Profiles.SaveAsync(new ProfileEdit { Id = first, Name = "Ada", NewAvatar = await _h.AvatarAsync(TestImages.Png(50, 50)) }, Caller.Operator);

        _h.StoredNames().ShouldContain(shared);
    }

    [Fact]
    public async Task Delete_ProfileWhoseImageAnotherShares_SharedThumbnailsKept()
    {
        var image = TestImages.Jpeg(300, 200);
        var first = await CreateAsync("Ada", image);
        await CreateAsync("Twin", image); // identical bytes: same content-addressed thumbnails
        var sha = (await _h.Profiles.GetAsync(first))!.AvatarSha256!;

        await _h.Profiles.DeleteAsync(first, null, Caller.Operator);

        _h.StoredNames().ShouldContain(ThumbnailNames.For(sha, ThumbnailAlias.Small));
        _h.StoredNames().ShouldContain(ThumbnailNames.For(sha, ThumbnailAlias.Medium));
        _h.StoredNames().ShouldBe(_h.ReferencedNames());
    }

    [Fact]
    public async Task Save_TwoEditorsSameVersion_SecondGetsConflictAndLeavesNoOrphan()
    {
        var id = await CreateAsync("Ada", TestImages.Jpeg(400, 300));
        var loaded = (await _h.Profiles.GetAsync(id))!;

        var first = await _h.Profiles.SaveAsync(new ProfileEdit
        {
            Id = id, Version = loaded.Version, Name = "Ada (first)", NewAvatar = await _h.AvatarAsync(TestImages.Png(80, 80)),
        }, Caller.Operator);
        var second = await _h.Profiles.SaveAsync(new ProfileEdit
        {
            Id = id, Version = loaded.Version, Name = "Ada (second)", NewAvatar = await _h.AvatarAsync(TestImages.Jpeg(90, 60)),
        }, Caller.Operator);

        first.Outcome.ShouldBe(SaveOutcome.Saved);
        second.Outcome.ShouldBe(SaveOutcome.Conflict);
        second.Message.ShouldBe(SaveResult.ConflictMessage);
        (await _h.Profiles.GetAsync(id))!.Name.ShouldBe("Ada (first)");
        _h.StoredNames().ShouldBe(_h.ReferencedNames());
    }

    [Fact]
    public async Task List_SearchByPrefix_CaseInsensitiveAndPaged()
    {
        foreach (var n in new[] { "Ada", "adam", "Grace", "Ádám", "ADAL" })
            await CreateAsync(n);

        var page = await _h.Profiles.ListAsync("ada", ProfileSort.Name, false, 0, 2);

        page.Total.ShouldBe(3);
        page.Items.Select(i => i.Name).ShouldBe(["Ada", "ADAL"]);
        (await _h.Profiles.ListAsync("ada", ProfileSort.Name, false, 2, 2)).Items.Select(i => i.Name).ShouldBe(["adam"]);
        (await _h.Profiles.ListAsync("ÁD", ProfileSort.Name, false, 0, 10)).Items.Select(i => i.Name).ShouldBe(["Ádám"]);
        (await _h.Profiles.ListAsync(null, ProfileSort.Name, true, 0, 1)).Items[0].Name.ShouldBe("Ádám");
    }
}

public sealed class SqliteProfileLifecycleTests : ProfileLifecycleTests
{
    protected override Task<ProfileHarness> CreateHarnessAsync() => Task.FromResult(ProfileHarness.OnSqlite());
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresProfileLifecycleTests(BlazorMedia.Tests.Infrastructure.PostgresServer server) : ProfileLifecycleTests
{
    protected override async Task<ProfileHarness> CreateHarnessAsync() => new(await server.CreateTestDatabaseAsync());
}
