using System.Security.Cryptography;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>The app shell in a real headless Chromium: the drop guard, the theme (a choice kept across reloads and
/// applied at prerender, the system setting followed until then), the not-found page, and a circuit that answers
/// clicks and streams a file intact.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture browser, AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly List<string> _errors = [];

    private string Url(string path) => fixture.App.BaseUrl + path;

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");

    /// <summary>A file dragged where nothing takes it (a drop zone before the page is interactive, or anywhere outside
    /// the zones) is refused with "no drop" instead of being left to the browser, which opens the file in place of the
    /// page and loses what the user typed. Script-made drops never navigate, so the test reads the dragover's verdict:
    /// not prevented = the browser's default (open the file), prevented with dropEffect none = refused.</summary>
    [Fact]
    public async Task Page_FileDraggedWhereNothingTakesIt_IsRefusedNotOpened()
    {
        var page = await browser.NewPageAsync(_errors, fixture.Administrator);
        var connect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => url.Contains("/_blazor/negotiate"), async route =>
        {
            await connect.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync(Url("/profiles/new"));
        Task<string> DragOverAsync(string selector) => page.EvaluateAsync<string>("""
            selector => {
                const transfer = new DataTransfer();
                transfer.items.add(new File(['x'], 'x.txt', { type: 'text/plain' }));
                // A script-made DataTransfer ignores dropEffect writes: record them instead.
                let effect = 'copy';
                Object.defineProperty(transfer, 'dropEffect', { get: () => effect, set: value => { effect = value; } });
                const e = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true });
                document.querySelector(selector).dispatchEvent(e);
                return !e.defaultPrevented ? 'opened by the browser' : transfer.dropEffect === 'none' ? 'refused' : 'taken';
            }
            """, selector);

        // Scripts loaded, circuit held back: the prerendered zone has no handlers.
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        (await DragOverAsync(".drop-zone[data-zone=avatar] .drop-zone-body")).ShouldBe("refused");
        connect.SetResult();
        await BrowserFixture.WaitForDropZonesAsync(page);
        (await DragOverAsync(".drop-zone[data-zone=avatar] .drop-zone-body")).ShouldBe("taken");
        (await DragOverAsync("h1")).ShouldBe("refused");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Theme_DarkChosen_KeptOnReloadAndInThePrerenderedPage()
    {
        var page = await browser.NewPageAsync(_errors);
        await page.GotoAsync(Url("/profiles"));
        await BrowserFixture.WaitForCircuitAsync(page);
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Dark mode", Exact = true });
        (await toggle.GetAttributeAsync("aria-pressed")).ShouldBe("false");
        var light = await BackgroundAsync(page);

        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        await page.WaitForFunctionAsync("b => getComputedStyle(document.body).backgroundColor !== b", light);
        var dark = await BackgroundAsync(page);

        var reloaded = await page.ReloadAsync();
        var html = await reloaded!.TextAsync();
        html.ShouldContain("data-theme=\"dark\"", customMessage: "the prerendered page is already dark: no light flash");
        (await BackgroundAsync(page)).ShouldBe(dark);
        await BrowserFixture.WaitForCircuitAsync(page);
        (await toggle.GetAttributeAsync("aria-pressed")).ShouldBe("true");
        // The choice holds on the static account pages too.
        await page.GotoAsync(Url("/account/login"));
        (await page.EvaluateAsync<string>("document.documentElement.dataset.theme")).ShouldBe("dark");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Theme_NoChoice_FollowsTheSystemSettingAtPrerenderAndWhenItChanges()
    {
        var page = await browser.NewPageAsync(_errors, colorScheme: ColorScheme.Dark);
        await page.GotoAsync(Url("/profiles"));
        (await page.EvaluateAsync<string>("document.documentElement.dataset.theme")).ShouldBe("dark");
        await BrowserFixture.WaitForCircuitAsync(page);
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Dark mode", Exact = true });
        (await toggle.GetAttributeAsync("aria-pressed")).ShouldBe("true");
        var dark = await BackgroundAsync(page);

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await page.WaitForFunctionAsync("b => getComputedStyle(document.body).backgroundColor !== b", dark);
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task UnknownUrl_ShowsNotFoundPageWith404()
    {
        var page = await browser.NewPageAsync(_errors);

        var response = await page.GotoAsync(Url("/no/such/page"));

        response!.Status.ShouldBe(404);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to profiles" }).WaitForAsync();
        _errors.Where(e => !e.Contains("404", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task SystemPage_ChecksAndAOneMegabyteUpload_ServerAnswersInPage()
    {
        var bytes = RandomNumberGenerator.GetBytes(1024 * 1024);
        var page = await browser.NewPageAsync(_errors, fixture.Administrator);
        await page.GotoAsync(Url("/system"));
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.GetByText("checks run: 1").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.GetByText("checks run: 2").WaitForAsync();
        (await page.Locator(".check-list").InnerTextAsync()).ShouldContain("media-root");

        await page.GetByLabel("File to send").SetInputFilesAsync(new FilePayload { Name = "sample.bin", MimeType = "application/octet-stream", Buffer = bytes });

        var status = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Received sample.bin" });
        await status.WaitForAsync();
        (await status.InnerTextAsync()).ShouldBe(
            $"Received sample.bin: {bytes.Length:N0} bytes, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}");
        _errors.ShouldBeEmpty();
    }
}
