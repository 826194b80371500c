using Bunit;
using BlazorMedia.Components.Shared;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Uploads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlazorMedia.Tests.Features.Profiles;

/// <summary>The profile pages' behaviour in bunit, over the real services and database (<see cref="ProfileHarness"/>):
/// validation as the user types, Save refused while a field holds a refused file, one profile per account said
/// plainly, the delete confirmation in the danger colour, the remove checkbox on its label's line.</summary>
public sealed class ProfilePagesTests : IAsyncLifetime
{
    private readonly ProfileHarness _harness = ProfileHarness.OnSqlite();
    private ComponentTestContext _context = default!;

    public Task InitializeAsync()
    {
        _context = new ComponentTestContext(_harness.Services);
        return Task.CompletedTask;
    }

    private IRenderedComponent<ProfileEditor> Editor(int? id = null) =>
        _context.Bunit.Render<ProfileEditor>(p => p.Add(e => e.Id, id));

    /// <summary>Hands <paramref name="file"/> to the editor's zone for <paramref name="zone"/>, as a drop would.</summary>
    private static async Task ChooseAsync(IRenderedComponent<ProfileEditor> editor, string zone, IBrowserFile file)
    {
        var dropZone = editor.FindComponents<FileDropZone>().Single(z => z.Instance.Id == zone);
        await editor.InvokeAsync(() => dropZone.Instance.FileSelected.InvokeAsync(file));
    }

    [Fact]
    public void Name_TypedAfterTheRequiredError_ErrorGoesWhileTyping()
    {
        _context.SignIn("admin", administrator: true);
        var editor = Editor();
        editor.Find("form.profile-form").Submit();
        editor.WaitForAssertion(() => editor.Markup.ShouldContain("Enter a name."));

        editor.Find("#name").Input("Ada");

        editor.WaitForAssertion(() => editor.Markup.ShouldNotContain("Enter a name."));
    }

    [Fact]
    public async Task Save_WhileTheAvatarWasRefused_RefusedWithTheReasonAndNothingStored()
    {
        _context.SignIn("admin", administrator: true);
        var editor = Editor();
        editor.Find("#name").Input("Mallory");
        await ChooseAsync(editor, "avatar", new FakeBrowserFile("cat.png", -1, "<html><script>alert(1)</script></html>"u8.ToArray()));
        editor.WaitForAssertion(() => editor.Markup.ShouldContain("cat.png is not an image of an accepted type (JPEG, PNG, WebP, GIF)."));

        await editor.Find("form.profile-form").SubmitAsync(EventArgs.Empty);

        editor.WaitForAssertion(() => editor.Find(".save-error .alert-message").TextContent.ShouldBe(
            "Not saved: cat.png is not an image of an accepted type (JPEG, PNG, WebP, GIF). Remove the refused avatar or choose another file, then save."));
        await using var db = _harness.Db();
        (await db.Profiles.CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Save_AfterTheRefusedAvatarIsRemoved_SavesWithoutIt()
    {
        // A real account: a saved profile's owner must exist (the owner column is a foreign key to the users).
        var admin = await _harness.NewUserAsync("admin@example.com");
        _context.SignIn(admin.UserId!, administrator: true);
        var editor = Editor();
        editor.Find("#name").Input("Mallory");
        await ChooseAsync(editor, "avatar", new FakeBrowserFile("cat.png", -1, "<html></html>"u8.ToArray()));
        editor.WaitForAssertion(() => editor.FindAll("button").Any(b => b.TextContent.Trim() == "Remove the refused avatar").ShouldBeTrue());

        editor.FindAll("button").Single(b => b.TextContent.Trim() == "Remove the refused avatar").Click();
        await editor.Find("form.profile-form").SubmitAsync(EventArgs.Empty);

        var navigation = _context.Bunit.Services.GetRequiredService<NavigationManager>();
        editor.WaitForAssertion(() => navigation.Uri.ShouldMatch(@"/profiles/\d+$"));
        await using var db = _harness.Db();
        (await db.Profiles.Select(p => p.Name).ToListAsync()).ShouldBe(["Mallory"]);
    }

    [Fact]
    public async Task NewProfile_UserWhoHasOne_SaysSoAndLinksToIt()
    {
        var owner = await _harness.NewUserAsync("ada@example.com");
        var id = (await _harness.Profiles.SaveAsync(new ProfileEdit { Name = "Ada" }, owner)).Id;
        _context.SignIn(owner.UserId!);

        var editor = Editor();

        editor.WaitForAssertion(() => editor.Find("[role=status]").TextContent.ShouldContain("You already have a profile, “Ada”: each account has one."));
        editor.Find($"a[href='profiles/{id}/edit']").TextContent.Trim().ShouldBe("Edit your profile");
        editor.FindAll("#name").ShouldBeEmpty();
        _context.Bunit.Services.GetRequiredService<NavigationManager>().Uri.ShouldEndWith("/"); // not sent anywhere
    }

    [Fact]
    public async Task RemoveCurrentAvatar_CheckboxSitsInsideItsLabel()
    {
        var admin = Caller.Operator;
        var id = (await _harness.Profiles.SaveAsync(new ProfileEdit { Name = "Ann", NewAvatar = await _harness.AvatarAsync(TestImagesBytes()) }, admin)).Id;
        _context.SignIn("admin", administrator: true);

        var editor = Editor(id);

        editor.WaitForAssertion(() => editor.FindAll("label").Any(l => l.TextContent.Contains("Remove the current avatar")).ShouldBeTrue());
        var label = editor.FindAll("label").Single(l => l.TextContent.Contains("Remove the current avatar"));
        label.QuerySelector("input[type=checkbox]").ShouldNotBeNull("the box and its text are one label, on one line");
    }

    [Fact]
    public async Task Delete_ConfirmationButtonIsInTheDangerColour()
    {
        var id = (await _harness.Profiles.SaveAsync(new ProfileEdit { Name = "Ann" }, Caller.Operator)).Id;
        _context.SignIn("admin", administrator: true);
        var provider = _context.Bunit.Render<MudDialogProvider>();
        var view = _context.Bunit.Render<ProfileView>(p => p.Add(v => v.Id, id));
        view.WaitForAssertion(() => view.FindAll("button").Any(b => b.TextContent.Trim() == "Delete").ShouldBeTrue());

        view.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        provider.WaitForAssertion(() => provider.Find(".dialog-confirm").ClassList.ShouldContain("mud-button-filled-error"));
        provider.Find(".mud-dialog").TextContent.ShouldContain("Delete Ann? Their avatar and report are deleted too. This cannot be undone.");
    }

    [Fact]
    public async Task View_ProfileRenamedElsewhere_ShowsTheNewNameWithoutReload()
    {
        var id = (await _harness.Profiles.SaveAsync(new ProfileEdit { Name = "Ann" }, Caller.Operator)).Id;
        var view = _context.Bunit.Render<ProfileView>(p => p.Add(v => v.Id, id));
        view.WaitForAssertion(() => view.Find("h1").TextContent.ShouldContain("Ann"));

        var version = (await _harness.Profiles.GetAsync(id))!.Version;
        await _harness.Profiles.SaveAsync(new ProfileEdit { Id = id, Version = version, Name = "Annabel" }, Caller.Operator);

        view.WaitForAssertion(() => view.Find("h1").TextContent.ShouldContain("Annabel"));
    }

    [Fact]
    public async Task View_ProfileDeletedOnAnotherInstance_SaysItIsGone()
    {
        var id = (await _harness.Profiles.SaveAsync(new ProfileEdit { Name = "Ann" }, Caller.Operator)).Id;
        var view = _context.Bunit.Render<ProfileView>(p => p.Add(v => v.Id, id));
        view.WaitForAssertion(() => view.Find("h1").TextContent.ShouldContain("Ann"));
        // Gone behind this process's back, as another instance's delete is; its notification comes through the feed.
        await using (var db = _harness.Db())
            await db.Profiles.Where(p => p.Id == id).ExecuteDeleteAsync();

        await _harness.Services.GetRequiredService<BlazorMedia.Data.ChangeFeed>().OnNotificationAsync($"another-instance|profiles|{{\"Id\":{id}}}");

        view.WaitForAssertion(() => view.Find("h1").TextContent.ShouldBe("Profile not found"));
    }

    [Fact]
    public async Task List_ProfileAddedElsewhere_ListedWithoutReload()
    {
        var list = _context.Bunit.Render<ProfileList>();
        list.WaitForAssertion(() => list.Markup.ShouldContain("Profiles"));

        await _harness.Profiles.SaveAsync(new ProfileEdit { Name = "Zed Newcomer" }, Caller.Operator);

        list.WaitForAssertion(() => list.Markup.ShouldContain("Zed Newcomer"));
    }

    [Fact]
    public async Task List_FeedInterrupted_ReloadsWhatItShows()
    {
        var list = _context.Bunit.Render<ProfileList>();
        list.WaitForAssertion(() => list.Markup.ShouldContain("Profiles"));
        // Added while the feed was down (no notification): the reset that follows its return makes the list read again.
        await using (var db = _harness.Db())
        {
            db.Profiles.Add(new Profile { Name = "Missed While Away", SearchName = "missed while away", CreatedUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        list.Markup.ShouldNotContain("Missed While Away");

        await _harness.Services.GetRequiredService<BlazorMedia.Data.ChangeFeed>().ResetAsync();

        list.WaitForAssertion(() => list.Markup.ShouldContain("Missed While Away"));
    }

    private static byte[] TestImagesBytes() => BlazorMedia.Tests.Imaging.TestImages.Png(64, 64);

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _harness.DisposeAsync();
    }
}
