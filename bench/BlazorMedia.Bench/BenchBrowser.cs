using System.Text.RegularExpressions;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

/// <summary>Debian's Chromium, headless, launched the way the tests launch it (plus any extra switches), and the
/// user steps the UI benchmarks time. Dispose closes the browser and Playwright's driver.</summary>
internal sealed partial class BenchBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private int _editors;

    private BenchBrowser(IPlaywright playwright, IBrowser browser)
    {
        this._playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<BenchBrowser> LaunchAsync(params string[] extraArgs)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic", .. extraArgs],
        });
        return new BenchBrowser(playwright, browser);
    }

    /// <summary>Opens /profiles/new with a live circuit and a name typed in, for a new account in its own browser
    /// context (a user owns one profile, so every timed upload is a new user's first; the app's first account is its
    /// Administrator). Close the page's context when done.</summary>
    public async Task<IPage> OpenEditorAsync(string baseUrl, string name)
    {
        var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        // A bench that dies says where: the page's own end and errors go to stderr with the time.
        page.Crash += (_, _) => Trace("page crashed");
        page.Close += (_, _) => Trace("page closed");
        page.PageError += (_, e) => Trace($"page error: {e}");
        page.Console += (_, m) => { if (m.Type is "error" or "warning") Trace($"console {m.Type}: {m.Text}"); };
        Trace($"registering on {baseUrl}");
        await TestAccounts.RegisterAsync(page, new Uri(baseUrl), $"bench-{Guid.NewGuid():N}@example.com", "Bench-Passw0rd!");
        await page.GotoAsync($"{baseUrl}/profiles/new");
        // Not just the circuit: a file chosen before app.js listens to the zone's input goes nowhere, and the round
        // then waits for a verdict that never comes (seen on a loaded machine).
        await BrowserFixture.WaitForDropZonesAsync(page);
        // Profile names are unique: a repeated name would be refused at Save, round after round.
        await page.GetByLabel("Name").FillAsync($"{name} {Interlocked.Increment(ref _editors)}");
        Trace("editor open");
        return page;
    }

    /// <summary>Chooses <paramref name="path"/> as the Report file (the browser reads it from disk, as a user's file),
    /// waits until the server accepted it (file name shown, no progress bar: both change in the same render), saves,
    /// and waits for the saved profile's page. Timeouts are generous: 4 GiB over SignalR would take minutes.</summary>
    public static async Task UploadReportAndSaveAsync(IPage page, string path)
    {
        try
        {
            await UploadReportAndSaveCoreAsync(page, path);
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            var shot = Path.Combine(TestPaths.RepoRoot, "artifacts", "bench-failure.png");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            throw new InvalidOperationException($"the UI upload of {Path.GetFileName(path)} failed (screenshot: {shot}): {e.Message}", e);
        }
    }

    private static async Task UploadReportAndSaveCoreAsync(IPage page, string path)
    {
        await page.GetByLabel("Report file").SetInputFilesAsync(path, new() { Timeout = Patience });
        Trace($"chose {Path.GetFileName(path)}");
        await page.WaitForFunctionAsync("""
            name => [...document.querySelectorAll('.drop-zone-file')].some(e => e.textContent === name)
                 && !document.querySelector('[role=progressbar]')
            """, Path.GetFileName(path), new() { Timeout = Patience, PollingInterval = 20 });
        var alert = page.GetByRole(AriaRole.Alert);
        if (await alert.CountAsync() > 0)
            throw new InvalidOperationException($"the app refused the upload: {await alert.First.InnerTextAsync()}");
        Trace("accepted; saving");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        // Saved (the profile's page) or refused (an alert on the editor): never wait out the patience on a refusal.
        await page.WaitForFunctionAsync("""
            () => /\/profiles\/\d+$/.test(location.pathname) || document.querySelector('[role=alert]')
            """, null, new() { Timeout = Patience, PollingInterval = 20 });
        if (!SavedProfile().IsMatch(new Uri(page.Url).AbsolutePath))
            throw new InvalidOperationException($"the app refused to save: {await alert.First.InnerTextAsync()}");
        Trace("saved");
    }

    /// <summary>Deletes the profile the page shows (and so its stored report) through the app's own Delete button,
    /// so the disk does not fill over rounds and the catalog stays true; deleting bytes behind the app's back would
    /// leave a row naming them, and the next upload of the same name would be refused at Save.</summary>
    public static async Task DeleteShownProfileAsync(IPage page)
    {
        if (!SavedProfile().IsMatch(new Uri(page.Url).AbsolutePath)) return;
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Delete profile" }).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => !/\\/profiles\\/\\d+$/.test(location.pathname)", null, new() { Timeout = Patience });
        Trace("deleted");
    }

    /// <summary>Progress on stderr (stdout carries the result table), when BENCH_TRACE=1.</summary>
    internal static void Trace(string what)
    {
        if (Environment.GetEnvironmentVariable("BENCH_TRACE") == "1")
            Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {what}");
    }

    /// <summary>Long enough for 4 GiB on a loaded machine; a hang still ends, with a screenshot.</summary>
    private const float Patience = 15 * 60 * 1000;

    [GeneratedRegex(@"/profiles/\d+$")]
    private static partial Regex SavedProfile();

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
