using System.Security.Cryptography;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>The app shell is interactive in a real headless Chromium: clicks reach the server, InputFile streams a
/// file over the circuit intact, the theme toggles, unknown URLs show the not-found page; no console errors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _errors = [];
    private AppProcess _app = default!;

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SystemPage_ClickRunChecks_ServerAnswersInPage()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        await page.GotoAsync($"{_app.BaseUrl}/system");
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.GetByText("checks run: 1").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.GetByText("checks run: 2").WaitForAsync();

        (await page.Locator(".check-list").InnerTextAsync()).ShouldContain("media-root");
        await BrowserFixture.ScreenshotAsync(page, "system-check");
        _errors.ShouldBeEmpty();
    }

    /// <summary>A file dragged where nothing takes it (a drop zone before the page is interactive, or anywhere outside
    /// the zones) is refused with "no drop" instead of being left to the browser, which opens the file in place of the
    /// page and loses what the user typed. Script-made drops never navigate, so the test reads the dragover's verdict:
    /// not prevented = the browser's default (open the file), prevented with dropEffect none = refused.</summary>
    [Fact]
    public async Task Page_FileDraggedWhereNothingTakesIt_IsRefusedNotOpened()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        var connect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync(url => url.Contains("/_blazor/negotiate"), async route =>
        {
            await connect.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");
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
        (await DragOverAsync(".drop-zone:has(#avatar)")).ShouldBe("refused");
        connect.SetResult();
        await BrowserFixture.WaitForDropZonesAsync(page);
        (await DragOverAsync(".drop-zone:has(#avatar)")).ShouldBe("taken");
        (await DragOverAsync("h1")).ShouldBe("refused");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task SystemPage_UploadOneMegabyte_ServerReceivesIdenticalBytes()
    {
        var bytes = RandomNumberGenerator.GetBytes(1024 * 1024);
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(_app.BaseUrl));
        await page.GotoAsync($"{_app.BaseUrl}/system");
        await BrowserFixture.WaitForCircuitAsync(page);

        await page.GetByLabel("File to send").SetInputFilesAsync(new FilePayload
        {
            Name = "sample.bin", MimeType = "application/octet-stream", Buffer = bytes,
        });

        var status = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Received sample.bin" });
        await status.WaitForAsync(new() { Timeout = 30_000 });
        (await status.InnerTextAsync()).ShouldBe(
            $"Received sample.bin: {bytes.Length:N0} bytes, SHA-256 {Convert.ToHexStringLower(SHA256.HashData(bytes))}");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Layout_ToggleDarkMode_SwitchesThemeStylesheet()
    {
        var page = await browser.NewPageAsync(_errors);
        await page.GotoAsync($"{_app.BaseUrl}/profiles");
        await BrowserFixture.WaitForCircuitAsync(page);
        var background = () => page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.rz-body')).backgroundColor");
        var light = await background();

        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
        await page.WaitForFunctionAsync("b => getComputedStyle(document.querySelector('.rz-body')).backgroundColor !== b", light);

        (await background()).ShouldNotBe(light);
        await BrowserFixture.ScreenshotAsync(page, "profiles-dark");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task UnknownUrl_ShowsNotFoundPageWith404()
    {
        var page = await browser.NewPageAsync(_errors);

        var response = await page.GotoAsync($"{_app.BaseUrl}/no/such/page");

        response!.Status.ShouldBe(404);
        await page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Profiles" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "not-found");
        _errors.Where(e => !e.Contains("404", StringComparison.Ordinal)).ShouldBeEmpty();
    }
}
