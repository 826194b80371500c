using System.Text.RegularExpressions;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>Each user owns one profile: others see it but cannot edit, delete or download its report, even by URL.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfileOwnershipTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _errors = [];
    private AppProcess _app = default!;

    private Uri BaseUri => new(_app.BaseUrl);

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> CreateOwnProfileAsync(IPage page, string name)
    {
        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");
        await BrowserFixture.WaitForDropZonesAsync(page);
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Report file").SetInputFilesAsync(new FilePayload
        {
            Name = "plans.txt", MimeType = "text/plain", Buffer = "secret plans"u8.ToArray(),
        });
        await page.GetByText("plans.txt").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/profiles/\d+$"));
        return int.Parse(page.Url.Split('/')[^1]);
    }

    [Fact]
    public async Task OtherUser_SeesNoEditDeleteOrReport_AndIsRefusedTheEditorByUrl()
    {
        var admin = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(admin, BaseUri);
        var owner = await browser.NewPageAsync(_errors);
        await TestAccounts.RegisterAsync(owner, BaseUri, "grace@example.com", "Grace-Passw0rd!");
        var id = await CreateOwnProfileAsync(owner, "Grace Hopper");
        await owner.GetByRole(AriaRole.Button, new() { Name = "Edit" }).WaitForAsync();
        (await owner.GetByRole(AriaRole.Link, new() { Name = "Download report" }).CountAsync()).ShouldBe(1);

        var other = await browser.NewPageAsync(_errors);
        await TestAccounts.RegisterAsync(other, BaseUri, "mallory@example.com", "Mallory-Passw0rd!");
        await other.GotoAsync($"{_app.BaseUrl}/profiles/{id}");
        await BrowserFixture.WaitForCircuitAsync(other);
        await other.GetByRole(AriaRole.Heading, new() { Name = "Grace Hopper" }).WaitForAsync();
        (await other.GetByRole(AriaRole.Button, new() { Name = "Edit" }).CountAsync()).ShouldBe(0);
        (await other.GetByRole(AriaRole.Button, new() { Name = "Delete" }).CountAsync()).ShouldBe(0);
        (await other.GetByRole(AriaRole.Link, new() { Name = "Download report" }).CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(other, "profile-other-user");

        var response = await other.GotoAsync($"{_app.BaseUrl}/profiles/{id}/edit");
        response!.Status.ShouldBe(403);
        await other.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" }).WaitForAsync();
        (await other.GetByLabel("Name").CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(other, "profile-edit-refused");

        // The refusal itself is the one console error: Chromium reports the 403 document.
        _errors.ShouldBe(["console: Failed to load resource: the server responded with a status of 403 (Forbidden)"]);
        _errors.Clear();

        // The administrator manages every profile.
        await admin.GotoAsync($"{_app.BaseUrl}/profiles/{id}");
        await BrowserFixture.WaitForCircuitAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit" }).WaitForAsync();
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Owner_OpensNewProfileAgain_IsLedToTheirOwnProfile()
    {
        var admin = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(admin, BaseUri);
        var owner = await browser.NewPageAsync(_errors);
        await TestAccounts.RegisterAsync(owner, BaseUri, "ada@example.com", "Ada-Passw0rd!");
        var id = await CreateOwnProfileAsync(owner, "Ada");

        await owner.GotoAsync($"{_app.BaseUrl}/profiles/new");

        await owner.WaitForURLAsync($"{_app.BaseUrl}/profiles/{id}/edit");
        await BrowserFixture.WaitForCircuitAsync(owner);
        (await owner.GetByLabel("Name").InputValueAsync()).ShouldBe("Ada");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Anonymous_NewProfile_RedirectedToLogin()
    {
        var page = await browser.NewPageAsync(_errors);

        await page.GotoAsync($"{_app.BaseUrl}/profiles/new");

        page.Url.ShouldBe($"{_app.BaseUrl}/account/login?ReturnUrl=%2Fprofiles%2Fnew");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).WaitForAsync();
        _errors.ShouldBeEmpty();
    }
}
