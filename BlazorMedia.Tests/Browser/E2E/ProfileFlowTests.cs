using System.Net;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>A user's whole journey through profiles in headless Chromium, against the real app process.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfileFlowTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _errors = [];
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Drops a file on a drop zone the way a browser does: DataTransfer + drop event on the zone, once the
    /// zone's handlers are attached (its first interactive render marks it ready).</summary>
    private static async Task DropFileAsync(IPage page, string inputId, string name, string type, byte[] bytes)
    {
        await page.WaitForFunctionAsync("id => document.getElementById(id)?.closest('.drop-zone')?.dataset.dropZoneReady === 'true'", inputId);
        await page.EvaluateAsync("""
            ([id, name, type, b64]) => {
                const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], name, { type }));
                const zone = document.getElementById(id).closest('.drop-zone');
                zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }));
                zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
            """, new object[] { inputId, name, type, Convert.ToBase64String(bytes) });
    }

    private List<string> MediaFiles() => Directory.EnumerateFiles(_app.MediaRoot, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(_app.MediaRoot, p)).ToList();

    [Fact]
    public async Task Profile_CreateByDropReplaceAndDelete_AsAUser()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        using var http = new HttpClient();

        // Create: drop an image on the zone, see the preview before saving.
        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        await page.GetByLabel("Name").FillAsync("Ada Lovelace");
        await DropFileAsync(page, "avatar", "ada.jpg", "image/jpeg", TestImages.Jpeg(640, 480));
        var preview = page.GetByAltText("Avatar preview");
        await preview.WaitForAsync();
        (await preview.GetAttributeAsync("src")).ShouldStartWith("blob:");
        await page.GetByLabel("Report file").SetInputFilesAsync(new FilePayload
        {
            Name = "q1.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.7\n%%EOF\n"u8.ToArray(),
        });
        await page.GetByText("q1.pdf").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "profile-editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/profiles/\d+$"));
        await page.GetByRole(AriaRole.Heading, new() { Name = "Ada Lovelace" }).WaitForAsync();

        // The report link is signed and downloads for the signed-in user; without the sign-in cookie, or without the
        // signature, it is refused.
        var reportHref = (await page.GetByRole(AriaRole.Link, new() { Name = "Download report" }).GetAttributeAsync("href"))!;
        reportHref.ShouldContain("signature=");
        (await page.APIRequest.GetAsync(_app.BaseUrl + reportHref)).Status.ShouldBe((int)HttpStatusCode.OK);
        (await http.GetAsync(_app.BaseUrl + reportHref)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await page.APIRequest.GetAsync(_app.BaseUrl + reportHref.Split('?')[0])).Status.ShouldBe((int)HttpStatusCode.Forbidden);

        // The list shows it with a thumbnail that loads from the media URL.
        await page.GotoAsync($"{_app.BaseUrl}/profiles");
        var thumb = page.GetByAltText("Avatar of Ada Lovelace");
        await thumb.WaitForAsync();
        var src = (await thumb.GetAttributeAsync("src"))!;
        src.ShouldStartWith("/media/thumbnails/");
        var response = await http.GetAsync(_app.BaseUrl + src);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
        (await page.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 64", await thumb.ElementHandleAsync())).ShouldBeTrue();
        await BrowserFixture.ScreenshotAsync(page, "profile-list");
        var firstFiles = MediaFiles();
        firstFiles.Count.ShouldBe(4); // avatar, two thumbnails, report

        // Replace the avatar: the old file and its thumbnails go once the save commits.
        await page.GetByRole(AriaRole.Link, new() { Name = "Ada Lovelace" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Avatar", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "new.png", MimeType = "image/png", Buffer = TestImages.Png(300, 300),
        });
        await page.GetByText("new.png").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/profiles/\d+$"));
        await page.GetByText("Avatar 300 × 300 px").WaitForAsync();
        var replacedFiles = MediaFiles();
        replacedFiles.Count.ShouldBe(4);
        replacedFiles.Intersect(firstFiles).ShouldBe(firstFiles.Where(f => f.StartsWith("reports_save", StringComparison.Ordinal)));

        // Delete with confirmation: every file goes.
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Delete profile" });
        await dialog.GetByText("This cannot be undone").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "profile-delete-confirm");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.WaitForURLAsync($"{_app.BaseUrl}/profiles");
        await page.GetByText("No profiles yet").WaitForAsync();
        MediaFiles().Where(f => f != ".gitkeep").ShouldBeEmpty();
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_HostileFile_AlertNamesFileAndReasonFormKeepsName()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByText("Enter a name.").WaitForAsync(); // validated inline, nothing saved
        page.Url.ShouldEndWith("/profiles/new");
        await page.GetByLabel("Name").FillAsync("Mallory");

        await DropFileAsync(page, "avatar", "cat.png", "image/png", "<html><script>alert(1)</script></html>"u8.ToArray());

        var alert = page.GetByRole(AriaRole.Alert);
        await alert.WaitForAsync();
        (await alert.Locator(".alert-message").InnerTextAsync()).ShouldBe("cat.png is not an image of an accepted type (JPEG, PNG, WebP, GIF).");
        (await alert.Locator("[aria-hidden=true]").CountAsync()).ShouldBe(1, "the icon's ligature text is hidden from screen readers");
        (await page.GetByLabel("Name").InputValueAsync()).ShouldBe("Mallory");
        (await page.GetByAltText("Avatar preview").CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(page, "profile-editor-refused");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/profiles/\d+$"));
        MediaFiles().ShouldBeEmpty(); // the refused file left nothing behind
        Directory.GetFiles(_app.SpoolDir).ShouldBeEmpty();
        _errors.ShouldBeEmpty();
    }

    /// <summary>A file dropped the moment a zone says it is ready is taken. The zone used to attach its handlers in its
    /// first after-render, before Blazor's InputFile (a child, initialised after it) listened for the change the drop
    /// handler raises: the file was lost without a word. Seen once in a full run; here the browser runs InputFile's
    /// initialisation late, so the window is wide open.</summary>
    [Fact]
    public async Task Editor_DropTheMomentTheZoneIsReady_FileIsTaken()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        await BrowserFixture.DelayInputFileListeningAsync(page);
        await BrowserFixture.DropOnceReadyAsync(page, ".drop-zone:has(#report)", "data-drop-zone-ready", ".drop-zone:has(#report)", "notes.txt", "early notes");

        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");

        await page.Locator(".drop-zone:has(#report)").GetByText("notes.txt").WaitForAsync();
        await page.GetByLabel("Name").FillAsync("Early Bird");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/profiles/\d+$"));
        MediaFiles().Where(f => f.EndsWith(".txt")).ShouldHaveSingleItem();
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_LargeReport_ShowsProgressBarWhileBytesTravel()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        var path = _app.Dir.Combine("big.txt");
        await File.WriteAllBytesAsync(path, Enumerable.Repeat((byte)'a', 24 * 1024 * 1024).ToArray());

        await page.GetByLabel("Report file").SetInputFilesAsync(path);

        var bar = page.GetByRole(AriaRole.Progressbar, new() { Name = "Report file upload" });
        await bar.WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "profile-editor-progress");
        await bar.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 60_000 });
        await page.GetByText("big.txt").WaitForAsync();
        (await page.GetByRole(AriaRole.Alert).CountAsync()).ShouldBe(0);
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_PasteImage_ShowsPreviewAndAccepts()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        await page.WaitForFunctionAsync("() => document.getElementById('avatar')?.closest('.drop-zone')?.dataset.dropZoneReady === 'true'");

        await page.EvaluateAsync("""
            b64 => {
                const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
                const data = new DataTransfer();
                data.items.add(new File([bytes], 'clipboard.png', { type: 'image/png' }));
                document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """, Convert.ToBase64String(TestImages.Png(120, 120)));

        await page.GetByAltText("Avatar preview").WaitForAsync();
        await page.GetByText("clipboard.png").WaitForAsync();
        (await page.GetByRole(AriaRole.Alert).CountAsync()).ShouldBe(0);
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_CancelWhileUploading_NothingKeptNoSpoolFileLeft()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        // A path, not a buffer: Playwright would push a large buffer through its protocol as base64, very slowly.
        var path = _app.Dir.Combine("huge.txt");
        await using (var f = File.Create(path))
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'b');
            for (var i = 0; i < 90; i++) await f.WriteAsync(chunk);
        }

        await page.GetByLabel("Report file").SetInputFilesAsync(path);
        var bar = page.GetByRole(AriaRole.Progressbar, new() { Name = "Report file upload" });
        await bar.WaitForAsync();
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow')) >= 5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).First.ClickAsync();

        await bar.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        (await page.GetByText("huge.txt").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Alert).CountAsync()).ShouldBe(0);
        // The spool file goes with the cancelled transfer (the server may need a moment to unwind the read).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.GetFiles(_app.SpoolDir).Length > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Directory.GetFiles(_app.SpoolDir).ShouldBeEmpty();
        _errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Editor_DropZoneText_ReadableInLightAndDarkTheme(bool dark)
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        if (dark)
        {
            var before = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.rz-body')).backgroundColor");
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
            await page.WaitForFunctionAsync("b => getComputedStyle(document.querySelector('.rz-body')).backgroundColor !== b", before);
        }

        // WCAG contrast of the zone's label against what is really behind it: every ancestor's (possibly translucent)
        // background composited from the canvas up to the zone.
        var ratio = await page.EvaluateAsync<double>("""
            () => {
                const rgba = c => (c.match(/[\d.]+/g) || []).map(Number);
                const zone = document.querySelector('.drop-zone');
                const layers = [];
                for (let e = zone; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
                let bg = [255, 255, 255]; // the canvas
                for (const [r, g, b, a = 1] of layers.reverse()) bg = [r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a)];
                const fg = rgba(getComputedStyle(zone.querySelector('.drop-zone-label')).color);
                const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
                    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
                const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
                return (hi + 0.05) / (lo + 0.05);
            }
            """);

        ratio.ShouldBeGreaterThanOrEqualTo(4.5, $"label contrast in the {(dark ? "dark" : "light")} theme");
        await BrowserFixture.ScreenshotAsync(page, dark ? "profile-editor-dark" : "profile-editor-light");
        _errors.ShouldBeEmpty();
    }
}
