using BlazorMedia.Tests.Imaging;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static BlazorMedia.Tests.Infrastructure.BrowserFixture;

namespace BlazorMedia.Tests.E2E;

/// <summary>Files (/files) in headless Chromium against one app process, as the Administrator; each test works in its
/// own folder: drops of files and folders, rename, move, trash and restore, folders, paging, live updates from a
/// second page, the dialogs from the keyboard, and the views in both themes.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class FilesFlowTests(BrowserFixture browser, AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly List<string> _errors = [];

    private string Url(string path) => fixture.App.BaseUrl + path;

    /// <summary>Catalog rows for <paramref name="folder"/> (with its folder row), so the page shows the folder without
    /// a UI round trip; paging and listing read the catalog, never storage.</summary>
    private async Task SeedAsync(string folder, int files = 0)
    {
        await using var db = fixture.App.Database.CreateContext();
        for (var i = 0; i < files; i++)
            db.StoredFiles.Add(new BlazorMedia.Catalog.StoredFile
            {
                Name = $"{folder}/file-{i:D3}.txt", Size = 10 + i, Sha256 = new string('c', 64), ContentType = "text/plain",
                OriginalName = $"file-{i:D3}.txt", CreatedUtc = DateTime.UtcNow,
            });
        if (files == 0) db.Folders.Add(BlazorMedia.Catalog.CatalogFolders.NewFolder(folder, DateTime.UtcNow));
        await db.SaveChangesAsync();
    }

    private async Task<IPage> OpenAsync(string? folder = null, ColorScheme scheme = ColorScheme.Light)
    {
        var page = await browser.NewPageAsync(_errors, fixture.Administrator, colorScheme: scheme);
        await page.GotoAsync(Url("/files" + (folder is null ? "" : "?path=" + Uri.EscapeDataString(folder))));
        await WaitForFilesDropAsync(page);
        return page;
    }

    private static Task DropOnViewAsync(IPage page, params Dropped[] files) => DropAsync(page, ".files-main", files);

    private static ILocator Card(IPage page, string name) => page.Locator(".file-card", new() { Has = page.GetByText(name, new() { Exact = true }) });

    private static async Task SelectAsync(IPage page, string name)
    {
        await Card(page, name).GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByRole(AriaRole.Complementary, new() { Name = $"Details of {name}" }).WaitForAsync();
    }

    private static ILocator Dialog(IPage page, string name) => page.GetByRole(AriaRole.Dialog, new() { Name = name });

    private bool OnDisk(string name) => File.Exists(Path.Combine(fixture.App.MediaRoot, name));

    private List<string> DiskFiles(string under) => !Directory.Exists(Path.Combine(fixture.App.MediaRoot, under)) ? []
        : Directory.EnumerateFiles(Path.Combine(fixture.App.MediaRoot, under), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(fixture.App.MediaRoot, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Files_DropFilesAndFolderRenameMoveTrashRestore_AsTheAdministrator()
    {
        await SeedAsync("flow");
        var page = await OpenAsync("flow");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Folders" }).WaitForAsync();

        // New folder, through its dialog, from the keyboard: focus is in the field and Enter creates.
        await page.GetByRole(AriaRole.Button, new() { Name = "New folder" }).ClickAsync();
        await Assertions.Expect(Dialog(page, "New folder").GetByLabel("Folder name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("reports");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator(".folder-tree [data-drop-folder='flow/reports']").WaitForAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "New folder" })).ToBeFocusedAsync(); // focus is back

        // Several files dropped on the view at once: each gets its own verdict.
        await DropOnViewAsync(page, Dropped.Text("a.txt", "alpha"), Dropped.Text("b.txt", "beta"), new("photo.jpg", "image/jpeg", TestImages.Jpeg(320, 240)),
            new("page.html", "text/html", "<html><script>alert(1)</script></html>"u8.ToArray()));
        await page.GetByText("page.html contains HTML or SVG markup, which is not accepted as a text document.").WaitForAsync();
        foreach (var name in new[] { "a.txt", "b.txt", "photo.jpg" })
            await Card(page, name).WaitForAsync();
        (await Card(page, "photo.jpg").Locator("img").GetAttributeAsync("src")).ShouldStartWith("/media/thumbnails/medium/");
        OnDisk("flow/page.html").ShouldBeFalse();
        await ScreenshotAsync(page, "files-after-drop");

        // A folder dropped on a folder of the tree: its files and sub-folders land inside it.
        await DropAsync(page, ".folder-tree [data-drop-folder='flow/reports']", [Dropped.Text("trip/day 1/notes.txt", "day one"), Dropped.Text("trip/plan.txt", "plan")]);
        await page.GetByText("notes.txt uploaded to flow/reports/trip/day 1.").WaitForAsync();
        await page.GetByText("plan.txt uploaded to flow/reports/trip.").WaitForAsync();
        OnDisk("flow/reports/trip/day 1/notes.txt").ShouldBeTrue();

        // Rename; a taken name is answered in the dialog and changes nothing.
        await SelectAsync(page, "a.txt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true }).ClickAsync();
        var rename = Dialog(page, "Rename a.txt");
        await rename.GetByLabel("New name").FillAsync("b.txt");
        await rename.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await rename.GetByRole(AriaRole.Alert).GetByText("b.txt already exists in flow; rename or move that file first.").WaitForAsync();
        await ScreenshotAsync(page, "files-rename-conflict");
        await rename.GetByLabel("New name").FillAsync("final.txt");
        await rename.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Card(page, "final.txt").WaitForAsync();
        File.ReadAllText(Path.Combine(fixture.App.MediaRoot, "flow/final.txt")).ShouldBe("alpha");

        // Move into the folder.
        await SelectAsync(page, "final.txt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move", Exact = true }).ClickAsync();
        var move = Dialog(page, "Move final.txt");
        await move.GetByLabel("Destination folder").SelectOptionAsync("flow/reports");
        await move.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();
        await Card(page, "final.txt").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        OnDisk("flow/reports/final.txt").ShouldBeTrue();

        // Delete moves to the trash (never served); restore puts it back.
        await SelectAsync(page, "photo.jpg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        var confirm = Dialog(page, "Delete photo.jpg?");
        await ScreenshotAsync(page, "files-confirm-delete");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Card(page, "photo.jpg").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await using (var db = fixture.App.Database.CreateContext())
        {
            var trashed = await db.StoredFiles.Where(f => f.OriginalName == "photo.jpg" && f.TrashedUtc != null).Select(f => f.Name).SingleAsync();
            using var http = new HttpClient();
            (await http.GetAsync(Url($"/media/{trashed}"))).StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Trash" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new() { Name = "Trash" }).WaitForAsync();
        await SelectAsync(page, "photo.jpg");
        await ScreenshotAsync(page, "files-trash");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await page.GetByText("photo.jpg restored to flow.").WaitForAsync();
        OnDisk("flow/photo.jpg").ShouldBeTrue();
        DiskFiles("flow").ShouldBe(["flow/b.txt", "flow/photo.jpg", "flow/reports/final.txt", "flow/reports/trip/day 1/notes.txt", "flow/reports/trip/plan.txt"]);
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Files_SecondPage_SeesNewFilesRenamesAndDeletionsLive()
    {
        await SeedAsync("live");
        var watcher = await OpenAsync("live");
        var actor = await OpenAsync("live");

        await DropOnViewAsync(actor, Dropped.Text("live.txt", "x"), new("pic.png", "image/png", TestImages.Png(200, 150)));
        await Card(watcher, "live.txt").WaitForAsync();
        var thumb = Card(watcher, "pic.png").Locator("img");
        await thumb.WaitForAsync();
        await watcher.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await thumb.ElementHandleAsync());

        await SelectAsync(actor, "live.txt");
        await actor.GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true }).ClickAsync();
        await Dialog(actor, "Rename live.txt").GetByLabel("New name").FillAsync("renamed.txt");
        await actor.Keyboard.PressAsync("Enter");
        await Card(watcher, "renamed.txt").WaitForAsync();
        await Card(watcher, "live.txt").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        await SelectAsync(actor, "renamed.txt");
        await actor.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Dialog(actor, "Delete renamed.txt?").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Card(watcher, "renamed.txt").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await ScreenshotAsync(watcher, "files-live-watcher");
        _errors.ShouldBeEmpty();
    }

    /// <summary>Every dialog keeps the keyboard: focus starts inside, Tab never leaves it, Escape cancels and focus goes
    /// back to the button that opened it.</summary>
    [Fact]
    public async Task Files_Dialog_FocusStaysInsideAndEscapeGivesItBack()
    {
        await SeedAsync("keys");
        var page = await OpenAsync("keys");
        var opener = page.GetByRole(AriaRole.Button, new() { Name = "New folder" });
        await opener.ClickAsync();
        var dialog = Dialog(page, "New folder");
        await Assertions.Expect(dialog.GetByLabel("Folder name")).ToBeFocusedAsync();

        for (var i = 0; i < 6; i++)
        {
            await page.Keyboard.PressAsync(i % 2 == 0 ? "Tab" : "Shift+Tab");
            await page.Keyboard.PressAsync("Tab");
            (await page.EvaluateAsync<bool>("() => !!document.activeElement.closest('.mud-dialog')")).ShouldBeTrue($"focus left the dialog after {i + 1} presses");
        }
        await page.Keyboard.PressAsync("Escape");

        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Assertions.Expect(opener).ToBeFocusedAsync();
        _errors.ShouldBeEmpty();
    }
}
