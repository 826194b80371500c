using System.Text.Json;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>One headless Debian Chromium for the collection (Playwright cannot download browsers here), and the
/// helpers every browser test shares: pages with an error log, screenshots, waits on the page's own signals, drops.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing; run ./test.sh, which installs Chromium.");
        _playwright = await Playwright.CreateAsync();
        // Expect(...) polls for 5 s by default; a live update (another page's upload, then this circuit's reload) has
        // taken longer than that in the PostgreSQL pass on 2 busy cores. A ceiling: passing assertions return at once.
        Assertions.SetDefaultExpectTimeout(30_000);
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A page in a fresh context that records console errors and page errors into <paramref name="errors"/>,
    /// signed in with <paramref name="cookie"/> when given (see <see cref="AppFixture.SignInAsync"/>).</summary>
    public async Task<IPage> NewPageAsync(List<string> errors, System.Net.Cookie? cookie = null, int width = 1280, int height = 800,
        ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            ColorScheme = colorScheme,
        });
        // Playwright's 30 s default is for a quiet machine; the suite shares 2 cores with app processes and a publish.
        // A ceiling only: steps that pass never wait it out.
        context.SetDefaultTimeout(60_000);
        if (cookie is not null)
            await context.AddCookiesAsync([new() { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = "/", HttpOnly = true, SameSite = SameSiteAttribute.Lax }]);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add($"console: {m.Text}"); };
        page.PageError += (_, e) => { lock (errors) errors.Add($"pageerror: {e}"); };
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.ArtifactsDir, name + ".png"), FullPage = true });

    /// <summary>Blazor's circuit is up: the layout marks the page after its first interactive render.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.documentElement.dataset.circuit === 'connected'");

    /// <summary>Every file drop zone on the page is interactive and its input listens (the zone says so only then).</summary>
    public static async Task WaitForDropZonesAsync(IPage page)
    {
        await WaitForCircuitAsync(page);
        await page.WaitForFunctionAsync("""
            () => { const zones = [...document.querySelectorAll('.drop-zone')];
                    return zones.length > 0 && zones.every(z => z.dataset.dropZoneReady === 'true'); }
            """);
    }

    /// <summary>The Files page takes drops: loaded, and its upload input listens.</summary>
    public static async Task WaitForFilesDropAsync(IPage page)
    {
        await WaitForCircuitAsync(page);
        await page.WaitForFunctionAsync("() => document.querySelector('.files')?.dataset.filesDropReady === 'true'");
    }

    /// <summary>Makes the browser run Blazor's InputFile initialisation (which attaches the input's change listener)
    /// <paramref name="delayMs"/> late, from the page's next load on: the window in which a drop zone that is ready
    /// before its input listens loses what is dropped on it is then wide open rather than a few milliseconds.</summary>
    public static Task DelayInputFileListeningAsync(IPage page, int delayMs = 1500) => page.AddInitScriptAsync($$"""
        (() => {
            let blazor;
            Object.defineProperty(window, 'Blazor', { configurable: true, get: () => blazor, set: value => {
                blazor = value;
                const inputFile = value?._internal?.InputFile;
                if (!inputFile || inputFile.delayed) return;
                const init = inputFile.init;
                inputFile.init = (...args) => new Promise(resolve => setTimeout(() => { init(...args); resolve(); }, {{delayMs}}));
                inputFile.delayed = true;
            } });
        })();
        """);

    /// <summary>A file for <see cref="DropAsync"/>: its name (a path under a dropped folder), type and bytes.</summary>
    public sealed record Dropped(string Path, string Type, byte[] Bytes)
    {
        public static Dropped Text(string path, string text) => new(path, "text/plain", System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Drops files on the element <paramref name="targetSelector"/> names, the way a browser does: a DataTransfer
    /// holding Files, dragover then drop. Paths with a folder (<c>trip/plan.txt</c>) are dropped as folders: script
    /// cannot make a DataTransfer that holds a directory, so the items give out entries shaped like Chromium's
    /// FileSystemEntry API (isDirectory, createReader().readEntries in batches, file()), the part the page walks.
    /// With <paramref name="whenReady"/> (an element's attribute that must be "true", e.g. <c>.files|data-files-drop-ready</c>)
    /// the drop is installed for the page's next load and happens from inside the mutation observer that sees the
    /// attribute set: the first moment the page says it takes drops, which no wait in a test can reach.</summary>
    public static Task DropAsync(IPage page, string targetSelector, IEnumerable<Dropped> files, string? whenReady = null)
    {
        var payload = JsonSerializer.Serialize(files.Select(f => new { path = f.Path, type = f.Type, base64 = Convert.ToBase64String(f.Bytes) }));
        var drop = $$"""
            (() => {
                const files = {{payload}};
                const bytes = f => Uint8Array.from(atob(f.base64), c => c.charCodeAt(0));
                const target = document.querySelector({{JsonSerializer.Serialize(targetSelector)}});
                if (files.every(f => !f.path.includes('/'))) {
                    const transfer = new DataTransfer();
                    for (const f of files) transfer.items.add(new File([bytes(f)], f.path, { type: f.type }));
                    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
                    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
                    return;
                }
                const root = { children: new Map() };
                for (const f of files) {
                    const parts = f.path.split('/');
                    let node = root;
                    for (const dir of parts.slice(0, -1)) {
                        if (!node.children.has(dir)) node.children.set(dir, { name: dir, children: new Map() });
                        node = node.children.get(dir);
                    }
                    const file = new File([bytes(f)], parts.at(-1), { type: f.type });
                    node.children.set(file.name, { name: file.name, file });
                }
                const entry = n => n.file
                    ? { isFile: true, isDirectory: false, name: n.name, file: ok => ok(n.file) }
                    : { isFile: false, isDirectory: true, name: n.name, createReader: () => {
                            const batches = [[...n.children.values()].map(entry), []];
                            return { readEntries: ok => ok(batches.shift() ?? []) };
                        } };
                const items = [...root.children.values()].map(n => ({ kind: 'file', webkitGetAsEntry: () => entry(n) }));
                const event = new Event('drop', { bubbles: true, cancelable: true });
                Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], items, files: [] } });
                target.dispatchEvent(event);
            })()
            """;
        if (whenReady is null) return page.EvaluateAsync(drop);
        var (selector, attribute) = (whenReady.Split('|')[0], whenReady.Split('|')[1]);
        return page.AddInitScriptAsync($$"""
            new MutationObserver((_, observer) => {
                if (document.querySelector({{JsonSerializer.Serialize(selector)}})?.getAttribute('{{attribute}}') !== 'true') return;
                observer.disconnect();
                {{drop}};
            }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['{{attribute}}'] });
            """);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
