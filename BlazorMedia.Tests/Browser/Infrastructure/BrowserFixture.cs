using System.Text.Json;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>One headless Debian Chromium for the collection (Playwright cannot download browsers here).</summary>
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

    /// <summary>A page that records console errors and page errors into <paramref name="errors"/>.</summary>
    public async Task<IPage> NewPageAsync(List<string> errors, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        // Playwright's 30 s default is for a quiet machine; the suite shares 2 cores with app processes and a publish.
        // A ceiling only: steps that pass never wait it out.
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add($"console: {m.Text}"); };
        page.PageError += (_, e) => { lock (errors) errors.Add($"pageerror: {e}"); };
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.ArtifactsDir, name + ".png"), FullPage = true });

    /// <summary>Blazor's circuit is up when the script has started and a component reacted; pages use this marker.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.documentElement.dataset.circuit === 'connected'");

    /// <summary>Every file drop zone on the page is interactive: the circuit's render has replaced the prerendered
    /// form (whose inputs take nothing: a file set or a name typed there is lost) and the zone's handlers are attached.
    /// The layout's circuit marker can come first, while the page itself still loads.</summary>
    public static async Task WaitForDropZonesAsync(IPage page)
    {
        await WaitForCircuitAsync(page);
        await page.WaitForFunctionAsync("""
            () => { const zones = [...document.querySelectorAll('.drop-zone')];
                    return zones.length > 0 && zones.every(z => z.dataset.dropZoneReady === 'true'); }
            """);
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

    /// <summary>Drops a text file on <paramref name="targetSelector"/> from inside the mutation observer that sees
    /// <paramref name="zoneSelector"/> get <paramref name="readyAttribute"/> = "true", from the page's next load on:
    /// the first moment the page says it takes drops, which no wait in a test can reach.</summary>
    public static Task DropOnceReadyAsync(IPage page, string zoneSelector, string readyAttribute, string targetSelector,
        string name, string text) => page.AddInitScriptAsync($$"""
        new MutationObserver((_, observer) => {
            if (document.querySelector({{JsonSerializer.Serialize(zoneSelector)}})?.getAttribute('{{readyAttribute}}') !== 'true') return;
            observer.disconnect();
            const transfer = new DataTransfer();
            transfer.items.add(new File([{{JsonSerializer.Serialize(text)}}], {{JsonSerializer.Serialize(name)}}, { type: 'text/plain' }));
            const target = document.querySelector({{JsonSerializer.Serialize(targetSelector)}});
            target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
            target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['{{readyAttribute}}'] });
        """);

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
