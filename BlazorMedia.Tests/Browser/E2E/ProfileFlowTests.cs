using System.Net;
using System.Text.RegularExpressions;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static BlazorMedia.Tests.Infrastructure.BrowserFixture;

namespace BlazorMedia.Tests.E2E;

/// <summary>Profiles in headless Chromium against one app process: each test is its own user with its own profile.
/// What only a browser shows: drops, paste, previews from the browser's copy, progress and Cancel, the refusal flow,
/// the delete dialog from the keyboard, and who may see what.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ProfileFlowTests(BrowserFixture browser, AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly List<string> _errors = [];

    private string Url(string path) => fixture.App.BaseUrl + path;

    private async Task<IPage> EditorAsync(string user, string path = "/profiles/new")
    {
        var page = await browser.NewPageAsync(_errors, await fixture.SignInAsync(user));
        await page.GotoAsync(Url(path));
        await WaitForDropZonesAsync(page);
        return page;
    }

    private static ILocator Zone(IPage page, string zone) => page.Locator($".drop-zone[data-zone={zone}]");

    private static Task DropOnZoneAsync(IPage page, string zone, Dropped file) => DropAsync(page, $".drop-zone[data-zone={zone}] .drop-zone-body", [file]);

    private static async Task SaveAndWaitForProfileAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/profiles/\d+$"));
    }

    private async Task<Profile> ProfileOfAsync(string name)
    {
        await using var db = fixture.App.Database.CreateContext();
        return await db.Profiles.AsNoTracking().SingleAsync(p => p.Name == name);
    }

    private bool OnDisk(string name) => File.Exists(Path.Combine(fixture.App.MediaRoot, name));

    [Fact]
    public async Task Profile_CreateByDropReplaceAndDelete_WithTheDialogFromTheKeyboard()
    {
        var page = await EditorAsync("ada@example.com");
        using var http = new HttpClient();

        // Create: drop an image on the zone, see the preview before saving.
        await page.GetByLabel("Name").FillAsync("Ada Lovelace");
        await DropOnZoneAsync(page, "avatar", new("ada.jpg", "image/jpeg", TestImages.Jpeg(640, 480)));
        var preview = page.GetByAltText("Avatar preview");
        await preview.WaitForAsync();
        (await preview.GetAttributeAsync("src")).ShouldStartWith("blob:");
        await page.GetByLabel("Report file").SetInputFilesAsync(new FilePayload { Name = "q1.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7\n%%EOF\n"u8.ToArray() });
        await Zone(page, "report").GetByText("q1.pdf").WaitForAsync();
        await Zone(page, "avatar").GetByText("ada.jpg").WaitForAsync();
        await SaveAndWaitForProfileAsync(page);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ada Lovelace" }).WaitForAsync();
        await page.GetByText("Ada Lovelace was saved.").WaitForAsync(); // the snackbar

        // The report link is signed and downloads for the signed-in user; without the cookie, or the signature, it is refused.
        var reportHref = (await page.GetByRole(AriaRole.Link, new() { Name = "Download report" }).GetAttributeAsync("href"))!;
        reportHref.ShouldContain("signature=");
        (await page.APIRequest.GetAsync(Url(reportHref))).Status.ShouldBe((int)HttpStatusCode.OK);
        (await http.GetAsync(Url(reportHref))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await page.APIRequest.GetAsync(Url(reportHref.Split('?')[0]))).Status.ShouldBe((int)HttpStatusCode.Forbidden);

        // The list shows it first (newest first), with a thumbnail that loads from the media URL.
        await page.GotoAsync(Url("/profiles"));
        var thumb = page.GetByAltText("Avatar of Ada Lovelace");
        await thumb.WaitForAsync();
        (await thumb.GetAttributeAsync("src"))!.ShouldStartWith("/media/thumbnails/");
        (await page.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 64", await thumb.ElementHandleAsync())).ShouldBeTrue();
        var first = await ProfileOfAsync("Ada Lovelace");

        // Replace the avatar: the old file goes once the save commits.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ada Lovelace" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await WaitForDropZonesAsync(page);
        await page.GetByLabel("Avatar", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "new.png", MimeType = "image/png", Buffer = TestImages.Png(300, 300) });
        await Zone(page, "avatar").GetByText("new.png").WaitForAsync();
        await SaveAndWaitForProfileAsync(page);
        await page.GetByText("Avatar 300 × 300 px").WaitForAsync();
        var replaced = await ProfileOfAsync("Ada Lovelace");
        OnDisk(first.AvatarName!).ShouldBeFalse();
        OnDisk(replaced.AvatarName!).ShouldBeTrue();

        // Delete from the keyboard: the dialog takes focus on its action, Escape cancels and focus returns, Enter confirms.
        var delete = page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true });
        await delete.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete profile" });
        await dialog.GetByText("This cannot be undone").WaitForAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeFocusedAsync();
        (await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).GetAttributeAsync("class"))!.ShouldContain("mud-button-filled-error");
        await BrowserFixture.ScreenshotAsync(page, "profile-delete-confirm");
        await page.Keyboard.PressAsync("Escape");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await Assertions.Expect(delete).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await dialog.GetByText("This cannot be undone").WaitForAsync();
        // The dialog moves focus to its action after it renders: an Enter pressed before that lands on the page's own
        // Delete button behind the dialog, and nothing confirms (a CI run lost 60 s to it).
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(Url("/profiles"));
        OnDisk(replaced.AvatarName!).ShouldBeFalse();
        OnDisk(replaced.ReportName!).ShouldBeFalse();
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_RefusedFile_SaveRefusedWithTheReasonUntilItIsRemoved()
    {
        var page = await EditorAsync("mallory@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByText("Enter a name.").WaitForAsync();
        await page.GetByLabel("Name").FillAsync("Mallory");
        await Assertions.Expect(page.GetByText("Enter a name.")).ToHaveCountAsync(0); // gone while typing, not on leaving the field

        await DropOnZoneAsync(page, "avatar", new("cat.png", "image/png", "<html><script>alert(1)</script></html>"u8.ToArray()));
        var refusal = Zone(page, "avatar").GetByRole(AriaRole.Alert);
        await refusal.WaitForAsync();
        (await refusal.InnerTextAsync()).Trim().ShouldBe("cat.png is not an image of an accepted type (JPEG, PNG, WebP, GIF).");
        (await page.GetByAltText("Avatar preview").CountAsync()).ShouldBe(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        (await page.Locator(".save-error").InnerTextAsync()).Trim().ShouldBe(
            "Not saved: cat.png is not an image of an accepted type (JPEG, PNG, WebP, GIF). Remove the refused avatar or choose another file, then save.");
        page.Url.ShouldEndWith("/profiles/new");
        await BrowserFixture.ScreenshotAsync(page, "profile-editor-refused");

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove the refused avatar" }).ClickAsync();
        await SaveAndWaitForProfileAsync(page);
        (await ProfileOfAsync("Mallory")).AvatarName.ShouldBeNull();
        Directory.GetFiles(fixture.App.SpoolDir).ShouldBeEmpty();
        _errors.ShouldBeEmpty();
    }

    /// <summary>A file dropped the moment a zone says it is ready is taken: the browser runs InputFile's initialisation
    /// late, and the drop happens from inside the observer that sees the zone become ready.</summary>
    [Fact]
    public async Task Editor_DropTheMomentTheZoneIsReady_FileIsTaken()
    {
        var page = await browser.NewPageAsync(_errors, await fixture.SignInAsync("early@example.com"));
        await DelayInputFileListeningAsync(page);
        await DropAsync(page, ".drop-zone[data-zone=report] .drop-zone-body", [Dropped.Text("notes.txt", "early notes")],
            whenReady: ".drop-zone[data-zone=report]|data-drop-zone-ready");

        await page.GotoAsync(Url("/profiles/new"));

        await Zone(page, "report").GetByText("notes.txt").WaitForAsync();
        await page.GetByLabel("Name").FillAsync("Early Bird");
        await SaveAndWaitForProfileAsync(page);
        OnDisk((await ProfileOfAsync("Early Bird")).ReportName!).ShouldBeTrue();
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_PasteImage_ShowsPreviewAndAccepts()
    {
        var page = await EditorAsync("paste@example.com");

        await page.EvaluateAsync("""
            b64 => {
                const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
                const data = new DataTransfer();
                data.items.add(new File([bytes], 'clipboard.png', { type: 'image/png' }));
                document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, Convert.ToBase64String(TestImages.Png(120, 120)));

        await page.GetByAltText("Avatar preview").WaitForAsync();
        await Zone(page, "avatar").GetByText("clipboard.png").WaitForAsync();
        (await page.GetByRole(AriaRole.Alert).CountAsync()).ShouldBe(0);
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_LargeReport_ProgressThenCancelLeavesNothing()
    {
        var page = await EditorAsync("huge@example.com");
        // A path, not a buffer: Playwright would push a large buffer through its protocol as base64, very slowly.
        var path = fixture.App.Dir.Combine("huge.txt");
        await using (var f = File.Create(path))
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'b');
            for (var i = 0; i < 90; i++) await f.WriteAsync(chunk);
        }

        await page.GetByLabel("Report file").SetInputFilesAsync(path);
        var bar = page.GetByRole(AriaRole.Progressbar, new() { Name = "Report file upload" });
        await bar.WaitForAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[role=progressbar][aria-label=\"Report file upload\"]')?.getAttribute('aria-valuenow')) >= 5");
        await BrowserFixture.ScreenshotAsync(page, "profile-editor-progress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel huge.txt" }).ClickAsync();

        await bar.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        (await Zone(page, "report").GetByText("huge.txt").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Alert).CountAsync()).ShouldBe(0);
        // The bar goes once the server has unwound the read, and its spool file with it.
        Directory.GetFiles(fixture.App.SpoolDir).ShouldBeEmpty();
        _errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Editor_DropZones_ReadableAndShowWhereFocusIs(ColorScheme scheme)
    {
        var page = await browser.NewPageAsync(_errors, await fixture.SignInAsync("zones@example.com"), colorScheme: scheme);
        await page.GotoAsync(Url("/profiles/new"));
        await WaitForDropZonesAsync(page);

        // WCAG contrast of the zone's label against what is really behind it.
        var ratio = await page.EvaluateAsync<double>("""
            () => {
                const rgba = c => (c.match(/[\d.]+/g) || []).map(Number);
                const zone = document.querySelector('.drop-zone');
                const layers = [];
                for (let e = zone; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
                let bg = [255, 255, 255];
                for (const [r, g, b, a = 1] of layers.reverse()) bg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
                const fg = rgba(getComputedStyle(zone.querySelector('.drop-zone-label')).color);
                const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
                const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
                return (hi + 0.05) / (lo + 0.05);
            }
            """);
        ratio.ShouldBeGreaterThanOrEqualTo(4.5, $"label contrast in the {scheme} theme");

        // Keyboard users reach the zone through its button: the zone shows the focus.
        (await Zone(page, "avatar").EvaluateAsync<string>("z => getComputedStyle(z).outlineStyle")).ShouldBe("none");
        await page.GetByLabel("Name").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Choose an image" })).ToBeFocusedAsync();
        (await Zone(page, "avatar").EvaluateAsync<string>("z => getComputedStyle(z).outlineStyle")).ShouldNotBe("none");
        _errors.ShouldBeEmpty();
    }
}
