using System.Security.Cryptography;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>A file over <c>Uploads:StreamingThreshold</c> chosen in the Report file zone travels as a streaming POST:
/// progress shows, Save stores exactly its bytes, Cancel leaves nothing behind. The browser's upload is throttled
/// through the DevTools protocol so the progress bar is on screen long enough to see and to cancel.</summary>
public sealed class StreamingAppFixture : AppFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Uploads__StreamingThreshold"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[Collection(BrowserCollection.Name)]
public sealed class LargeUploadTests(BrowserFixture browser, StreamingAppFixture fixture) : IClassFixture<StreamingAppFixture>
{
    private const int FileSize = 24 * 1024 * 1024;
    private readonly List<string> _errors = [];
    private AppProcess App => fixture.App;

    /// <summary>A PDF (the Report field accepts PDFs by their magic bytes) of random bytes, written to disk so the
    /// browser reads it from a path, as it would a user's file.</summary>
    private string WritePdf(string name)
    {
        var bytes = new byte[FileSize];
        new Random(42).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        var path = App.Dir.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<IPage> OpenEditorAsync(string user, long uploadBytesPerSecond)
    {
        var page = await browser.NewPageAsync(_errors, await fixture.SignInAsync(user));
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = uploadBytesPerSecond,
        });
        await page.GotoAsync($"{App.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        return page;
    }

    private static ILocator Progress(IPage page) => page.GetByRole(AriaRole.Progressbar, new() { Name = "Report file upload" });

    [Fact]
    public async Task ReportAboveThreshold_ShowsProgressSavesAndStoresTheSameBytes()
    {
        var path = WritePdf("annual-report.pdf");
        var page = await OpenEditorAsync("grace@example.com", uploadBytesPerSecond: 12 * 1024 * 1024);
        await page.GetByLabel("Name").FillAsync("Grace Hopper");

        await page.GetByLabel("Report file").SetInputFilesAsync(path);
        await page.WaitForFunctionAsync("""
            () => { const bar = document.querySelector('[role=progressbar][aria-label="Report file upload"]');
                    const v = Number(bar?.getAttribute('aria-valuenow')); return v >= 20 && v < 100; }
            """);
        await BrowserFixture.ScreenshotAsync(page, "large-upload-progress");
        await Progress(page).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 60_000 });
        await page.Locator(".drop-zone[data-zone=report]").GetByText("annual-report.pdf").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/profiles/\d+$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Download report" }).WaitForAsync();

        var stored = Directory.GetFiles(Path.Combine(App.MediaRoot, "reports_save"), "annual-report*.pdf", SearchOption.AllDirectories).ShouldHaveSingleItem();
        Path.GetFileName(stored).ShouldBe("annual-report.pdf");
        Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(stored)))
            .ShouldBe(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))));
        Directory.GetFiles(App.SpoolDir).ShouldBeEmpty();
        await App.WaitForLogAsync($"received {FileSize} bytes for Report file", TimeSpan.FromSeconds(5)); // streamed, not over SignalR
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReportAboveThreshold_CancelledMidway_NothingLeftAndZoneUsableAgain()
    {
        var path = WritePdf("draft.pdf");
        var page = await OpenEditorAsync("draft@example.com", uploadBytesPerSecond: 2 * 1024 * 1024);

        await page.GetByLabel("Report file").SetInputFilesAsync(path);
        await page.WaitForFunctionAsync("""
            () => Number(document.querySelector('[role=progressbar][aria-label="Report file upload"]')?.getAttribute('aria-valuenow')) >= 5
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel draft.pdf" }).ClickAsync();

        await Progress(page).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await App.WaitForLogAsync("ended before its last byte", TimeSpan.FromSeconds(30));
        Directory.GetFiles(App.SpoolDir).ShouldBeEmpty();
        (await page.Locator(".drop-zone[data-zone=report]").GetByText("draft.pdf").CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Alert).CountAsync()).ShouldBe(0);
        _errors.ShouldBeEmpty();
    }
}

/// <summary>A streamed file over its field's limit gets InputFile's exact message in the zone's alert, and nothing is
/// left behind, even though the server answers before reading the body (which a browser may see as a reset).</summary>
public sealed class StreamingLimitAppFixture : AppFixture
{
    public const long Limit = 2 * 1024 * 1024;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Uploads__StreamingThreshold"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Uploads__MaxDocumentSize"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

[Collection(BrowserCollection.Name)]
public sealed class LargeUploadLimitTests(BrowserFixture browser, StreamingLimitAppFixture fixture) : IClassFixture<StreamingLimitAppFixture>
{
    private const long Limit = StreamingLimitAppFixture.Limit;
    private readonly List<string> _errors = [];
    private AppProcess App => fixture.App;

    [Fact]
    public async Task ReportOverLimit_Streamed_SameMessageAsInputFileAndNothingLeft()
    {
        var path = App.Dir.Combine("too-big.pdf");
        var bytes = new byte[3 * 1024 * 1024];
        "%PDF-1.7\n"u8.CopyTo(bytes);
        await File.WriteAllBytesAsync(path, bytes);
        var page = await browser.NewPageAsync(_errors, fixture.Administrator);
        await page.GotoAsync($"{App.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);

        await page.GetByLabel("Report file").SetInputFilesAsync(path);

        var alert = page.Locator(".drop-zone[data-zone=report]").GetByRole(AriaRole.Alert);
        await alert.WaitForAsync();
        (await alert.InnerTextAsync()).ShouldContain(
            $"too-big.pdf is larger than the {BlazorMedia.Uploads.Format.Bytes(Limit)} allowed for Report file.");
        Directory.GetFiles(App.SpoolDir).ShouldBeEmpty();
        Directory.GetFiles(App.MediaRoot, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".gitkeep", StringComparison.Ordinal)).ShouldBeEmpty();
        await BrowserFixture.ScreenshotAsync(page, "large-upload-too-large");
        _errors.ShouldBeEmpty();
    }
}
