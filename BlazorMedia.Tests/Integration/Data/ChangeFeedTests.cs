using BlazorMedia.Catalog;
using BlazorMedia.Features.Files;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Data;

/// <summary>Changes staged on a save (<see cref="BlazorMedia.Data.ChangeTopic{T}"/>), on the run's database: this
/// process's subscribers are told once the save committed, with the rows already visible to others; a save that fails
/// tells nobody and leaves nothing for the next save to carry; profiles publish their id, a new one included.</summary>
[Trait("Database", "Each")]
public sealed class ChangeFeedTests : IAsyncLifetime
{
    private ProfileHarness _h = default!;

    public Task InitializeAsync()
    {
        _h = new ProfileHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Stage_SaveCommits_ToldOnceWithTheRowVisibleElsewhere()
    {
        var seen = new List<(FilesChange Change, bool Visible)>();
        using var subscription = _h.FilesChanges.Subscribe(async c =>
        {
            await using var other = _h.Db();
            seen.Add((c, await other.Folders.AnyAsync(f => f.Path == "reports")));
        });

        await _h.Library.CreateFolderAsync(Caller.Operator, "", "reports");

        seen.ShouldBe([(new FilesChange(FilesChangeKind.FolderAdded, "", "reports"), true)]);
    }

    [Fact]
    public async Task Stage_SaveFails_NobodyTold_AndTheNextSaveDoesNotCarryIt()
    {
        var seen = new List<FilesChange>();
        using var subscription = _h.FilesChanges.Subscribe(c => { seen.Add(c); return Task.CompletedTask; });
        await using var db = _h.Db();
        db.Folders.Add(CatalogFolders.NewFolder("lost", DateTime.UtcNow));
        _h.FilesChanges.Stage(db, new FilesChange(FilesChangeKind.FolderAdded, "", "lost"));
        _h.Breaker.FailOn = "INSERT";

        await Should.ThrowAsync<Exception>(() => db.SaveChangesAsync());
        await db.SaveChangesAsync(); // the same rows again, nothing staged this time

        seen.ShouldBeEmpty();
    }

    [Fact]
    public async Task Stage_InACallersTransaction_Refused()
    {
        await using var db = _h.Db();
        await using var transaction = await db.Database.BeginTransactionAsync();
        _h.FilesChanges.Stage(db, new FilesChange(FilesChangeKind.TrashChanged, ""));

        var e = await Should.ThrowAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        e.Message.ShouldStartWith("Changes are published with a save that owns its transaction");
    }

    [Fact]
    public async Task ProfileSavedAndDeleted_PublishesItsId()
    {
        var seen = new List<ProfileChange>();
        using var subscription = _h.Services.GetRequiredService<ProfileChanges>().Subscribe(c => { seen.Add(c); return Task.CompletedTask; });

        var saved = await _h.Profiles.SaveAsync(new ProfileEdit { Name = "Ann" }, Caller.Operator);
        var version = (await _h.Profiles.GetAsync(saved.Id))!.Version;
        await _h.Profiles.DeleteAsync(saved.Id, version, Caller.Operator);

        saved.Id.ShouldBeGreaterThan(0);
        seen.ShouldBe([new ProfileChange(saved.Id), new ProfileChange(saved.Id)]);
    }
}
