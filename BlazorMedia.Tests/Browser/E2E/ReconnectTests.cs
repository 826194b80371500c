using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>When the server goes away the reconnect dialog shows; when it comes back (a restart, so the old circuit is
/// gone) the page recovers by itself and is interactive again.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectTests(BrowserFixture browser)
{
    [Fact]
    public async Task ServerRestart_ShowsReconnectDialogThenRecovers()
    {
        var errors = new List<string>();
        await using var app = await AppProcess.StartAsync();
        var page = await browser.NewPageAsync(errors);
        await TestAccounts.SignInAsAdministratorAsync(page, new Uri(app.BaseUrl));
        await page.GotoAsync($"{app.BaseUrl}/system");
        await BrowserFixture.WaitForCircuitAsync(page);
        // Let the first interactive render finish fetching what it swapped in (theme CSS) before the server dies.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await app.StopAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog);
        await dialog.GetByText("Connection lost. Reconnecting…").WaitForAsync(new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(page, "reconnecting");

        app.Start();
        await app.WaitHealthyAsync();
        // The restarted server rejects the old circuit; the page reloads and a new circuit starts.
        await page.WaitForFunctionAsync("() => document.documentElement.dataset.circuit === 'connected'", null,
            new() { Timeout = 60_000 });
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.GetByText("checks run: 1").WaitForAsync();
    }
}
