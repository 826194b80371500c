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

    private async Task<IPage> EditorWithDraftAsync(string user, bool losePush = false)
    {
        var page = await browser.NewPageAsync(_errors, await fixture.SignInAsync(user));
        if (losePush) await LoseTheStatePushAsync(page);
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

    /// <summary>Pauses the page's circuit and waits until its state is kept somewhere a resume finds it. The server
    /// starts the pause when pauseCircuit() returns and then pushes the state to the page (JS.SavePersistedState), while
    /// the page closes its connection at once: the push wins that race most of the time, and when it loses, the server
    /// keeps the state itself, in memory and in the database (<c>DatabaseCircuitStateCache</c>, which logs it). Either
    /// event ends the wait; waiting on the push alone failed in CI whenever the push lost.</summary>
    private async Task PauseAndWaitForTheStateAsync(IPage page)
    {
        var mark = fixture.App.LogMark;
        (await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()")).ShouldBeTrue();
        // Ceilings only; either event comes within milliseconds of the pause.
        var keptByTheServer = fixture.App.WaitForLogAsync("kept in the database", TimeSpan.FromSeconds(60), mark);
        await await Task.WhenAny(_stateArrived.Task.WaitAsync(TimeSpan.FromSeconds(60)), keptByTheServer);
    }

    /// <summary>Routes the circuit's WebSocket through the test and drops the server's state push, as when the page's
    /// disconnect wins the race with it: the server must then keep the state itself.</summary>
    private static Task LoseTheStatePushAsync(IPage page) =>
        page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/_blazor"), ws =>
        {
            var server = ws.ConnectToServer();
            server.OnMessage(frame =>
            {
                if (frame.Binary is { } bytes)
                {
                    if (!System.Text.Encoding.UTF8.GetString(bytes).Contains("JS.SavePersistedState", StringComparison.Ordinal))
                        ws.Send(bytes);
                }
                else ws.Send(frame.Text ?? "");
            });
        });

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

    /// <summary>The state push lost, then the server restarted: the draft comes back from the database.</summary>
    [Fact]
    public async Task Editor_PushLostThenServerRestarted_TypedNameBackFromTheDatabase()
    {
        var page = await EditorWithDraftAsync("pushlost@example.com", losePush: true);
        var mark = fixture.App.LogMark;
        (await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()")).ShouldBeTrue();
        await fixture.App.WaitForLogAsync("kept in the database", TimeSpan.FromSeconds(60), mark);

        await fixture.App.StopAsync();
        fixture.App.Start();
        await fixture.App.WaitHealthyAsync();

        await ResumedWithTheDraftAsync(page);
        await fixture.App.WaitForLogAsync("read from the database", TimeSpan.FromSeconds(10), mark);
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
