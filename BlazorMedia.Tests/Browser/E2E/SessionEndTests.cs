using System.Text.RegularExpressions;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>An editor left open in one tab stops acting for its user once they log out in another tab: within
/// <c>Accounts:SessionCheckInterval</c> (1 s here) the circuit's state turns anonymous and the page goes to the login
/// form, so nothing typed there can be saved any more.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionEndTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _errors = [];
    private AppProcess _app = default!;

    public async Task InitializeAsync() =>
        _app = await AppProcess.StartAsync(new Dictionary<string, string?> { ["Accounts__SessionCheckInterval"] = "00:00:01" });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task OpenEditor_LogOutInAnotherTab_EditorSentToLoginAndNothingSaved()
    {
        var editor = await browser.NewPageAsync(_errors);
        await TestAccounts.RegisterAsync(editor, new Uri(_app.BaseUrl), "tabs@example.com", "Tabs-Passw0rd!");
        await editor.GotoAsync($"{_app.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(editor);
        await editor.GetByLabel("Name").FillAsync("Before");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await editor.WaitForURLAsync(new Regex(@"/profiles/\d+$"));
        var id = int.Parse(editor.Url.Split('/')[^1]);
        await editor.GotoAsync($"{_app.BaseUrl}/profiles/{id}/edit");
        await BrowserFixture.WaitForDropZonesAsync(editor);
        await editor.GetByLabel("Name").FillAsync("After logout");

        var otherTab = await editor.Context.NewPageAsync();
        await otherTab.GotoAsync($"{_app.BaseUrl}/profiles");
        await otherTab.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await otherTab.GetByRole(AriaRole.Link, new() { Name = "Log in" }).WaitForAsync();

        await editor.WaitForURLAsync(new Regex("/account/login\\?ReturnUrl="));
        var view = await browser.NewPageAsync(_errors);
        await view.GotoAsync($"{_app.BaseUrl}/profiles/{id}");
        await view.GetByRole(AriaRole.Heading, new() { Name = "Before" }).WaitForAsync();
    }
}
