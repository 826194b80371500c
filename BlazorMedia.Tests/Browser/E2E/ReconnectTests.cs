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
    private readonly TaskCompletionSource _stateArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string Url(string path) => fixture.App.BaseUrl + path;

    private async Task<IPage> EditorWithDraftAsync(string user)
    {
        var page = await browser.NewPageAsync(_errors, await fixture.SignInAsync(user));
        // The circuit's WebSocket, watched from its start: the server's persisted state arrives on it when it pauses.
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            var text = frame.Text ?? (frame.Binary is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "");
            if (text.Contains("JS.SavePersistedState", StringComparison.Ordinal)) _stateArrived.TrySetResult();
        };
        await page.GotoAsync(Url("/profiles/new"));
        await BrowserFixture.WaitForDropZonesAsync(page);
        await page.GetByLabel("Name").FillAsync("Half Typed");
        await page.GetByLabel("Report file").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "notes"u8.ToArray() });
        await page.Locator(".drop-zone[data-zone=report]").GetByText("notes.txt").WaitForAsync();
        return page;
    }

    /// <summary>Pauses the page's circuit and waits until the server's persisted state has reached the page. The server
    /// only starts the pause when pauseCircuit() returns, and pushes the state in a message of its own
    /// (JS.SavePersistedState): a resume sent before that message arrives finds no state and is refused, a race no
    /// user can lose (a page resumes when it is shown again, minutes later) but a test that resumes at once can.</summary>
    private async Task PauseAndWaitForTheStateAsync(IPage page)
    {
        (await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()")).ShouldBeTrue();
        // A ceiling only (Playwright's own for the page); the push comes within milliseconds.
        await _stateArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
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

        await PauseAndWaitForTheStateAsync(page);

        await ResumedWithTheDraftAsync(page);
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Editor_PausedThenServerRestarted_TypedNameBack()
    {
        var page = await EditorWithDraftAsync("restarted@example.com");
        await PauseAndWaitForTheStateAsync(page);

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
