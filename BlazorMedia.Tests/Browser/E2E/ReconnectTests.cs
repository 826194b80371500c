using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>.NET 10's reconnect states and circuit persistence: when the server goes away the dialog says so, and the
/// page recovers by itself; a circuit that is paused (a page left in the background) comes back with what the user
/// typed, even across a server restart behind the same key ring, and a file that was chosen says it must be chosen
/// again.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectTests(BrowserFixture browser, AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly List<string> _errors = [];

    private string Url(string path) => fixture.App.BaseUrl + path;

    private async Task<IPage> EditorWithDraftAsync(string user)
    {
        var page = await browser.NewPageAsync(_errors, await fixture.SignInAsync(user));
        await page.GotoAsync(Url("/profiles/new"));
        await BrowserFixture.WaitForDropZonesAsync(page);
        await page.GetByLabel("Name").FillAsync("Half Typed");
        await page.GetByLabel("Report file").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "notes"u8.ToArray() });
        await page.Locator(".drop-zone[data-zone=report]").GetByText("notes.txt").WaitForAsync();
        return page;
    }

    private static async Task ResumedWithTheDraftAsync(IPage page)
    {
        (await page.EvaluateAsync<bool>("() => Blazor.resumeCircuit()")).ShouldBeTrue();
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("Half Typed");
        await page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "choose notes.txt again" }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "editor-resumed");
    }

    [Fact]
    public async Task Editor_CircuitPausedAndResumed_TypedNameBackAndTheFileMustBeChosenAgain()
    {
        var page = await EditorWithDraftAsync("paused@example.com");

        (await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()")).ShouldBeTrue();

        await ResumedWithTheDraftAsync(page);
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_PausedThenServerRestarted_TypedNameBack()
    {
        var page = await EditorWithDraftAsync("restarted@example.com");
        (await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()")).ShouldBeTrue();

        await fixture.App.StopAsync();
        fixture.App.Start();
        await fixture.App.WaitHealthyAsync();

        await ResumedWithTheDraftAsync(page);
        _errors.Where(e => !e.Contains("WebSocket", StringComparison.Ordinal) && !e.Contains("connection", StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ServerRestart_ShowsReconnectDialogThenRecovers()
    {
        var page = await browser.NewPageAsync(_errors, fixture.Administrator);
        await page.GotoAsync(Url("/system"));
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        await fixture.App.StopAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog);
        await dialog.GetByText("Connection lost. Reconnecting…").WaitForAsync(new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(page, "reconnecting");

        fixture.App.Start();
        await fixture.App.WaitHealthyAsync();
        // The restarted server has no circuit to reconnect to and nothing persisted to resume: the page reloads.
        await page.WaitForFunctionAsync("() => document.documentElement.dataset.circuit === 'connected'", null, new() { Timeout = 60_000 });
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.GetByRole(AriaRole.Button, new() { Name = "Run checks" }).ClickAsync();
        await page.GetByText("checks run: 1").WaitForAsync();
    }
}
