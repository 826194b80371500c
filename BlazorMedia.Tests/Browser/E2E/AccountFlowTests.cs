using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>The account pages in headless Chromium against the real app: register (the first account is
/// Administrator), log out, log in, change password; a second account is an ordinary user; no console errors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountFlowTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> _errors = [];
    private AppProcess _app = default!;

    private Uri BaseUri => new(_app.BaseUrl);

    public async Task InitializeAsync() => _app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Register_FirstAccount_IsAdministratorAndSeesAdminPages()
    {
        var page = await browser.NewPageAsync(_errors);
        await page.GotoAsync($"{_app.BaseUrl}/account/register");
        await BrowserFixture.ScreenshotAsync(page, "account-register");

        await TestAccounts.RegisterAsync(page, BaseUri, "first@example.com", "First-Passw0rd!");

        (await page.Locator(".app-user").InnerTextAsync()).ShouldContain("first@example.com");
        await page.GotoAsync($"{_app.BaseUrl}/files");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Media library" }).WaitForAsync();
        (await page.GetByRole(AriaRole.Link, new() { Name = "System check" }).CountAsync()).ShouldBe(1);
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Register_SecondAccount_IsNotAdministratorAndIsRefusedAdminPages()
    {
        var first = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(first, BaseUri);
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.RegisterAsync(page, BaseUri, "second@example.com", "Second-Passw0rd!");

        await page.GotoAsync($"{_app.BaseUrl}/files");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" }).WaitForAsync();
        (await page.GetByRole(AriaRole.Heading, new() { Name = "Media library" }).CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Link, new() { Name = "System check" }).CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(page, "account-not-allowed");
        // The refusal is a 403, which Chromium reports as the one console error.
        _errors.ShouldBe(["console: Failed to load resource: the server responded with a status of 403 (Forbidden)"]);
    }

    [Fact]
    public async Task Anonymous_AdminPage_RedirectsToLoginAndBackAfterLogIn()
    {
        var admin = await browser.NewPageAsync(_errors);
        await TestAccounts.SignInAsAdministratorAsync(admin, BaseUri);
        var page = await browser.NewPageAsync(_errors);

        await page.GotoAsync($"{_app.BaseUrl}/files");
        page.Url.ShouldStartWith($"{_app.BaseUrl}/account/login?ReturnUrl=%2Ffiles");
        await page.GetByLabel("Email").FillAsync(TestAccounts.AdministratorEmail);
        await page.GetByLabel("Password").FillAsync(TestAccounts.AdministratorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Media library" }).WaitForAsync();
        page.Url.ShouldBe($"{_app.BaseUrl}/files");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task LogOutLogInChangePassword_FullCycle_OnlyTheNewPasswordWorks()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.RegisterAsync(page, BaseUri, "cycle@example.com", "Old-Passw0rd!");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).WaitForAsync();
        await TestAccounts.SignInAsync(page, BaseUri, "cycle@example.com", "Old-Passw0rd!");

        await page.GotoAsync($"{_app.BaseUrl}/account/change-password");
        await page.GetByLabel("Current password").FillAsync("Old-Passw0rd!");
        await page.GetByLabel("New password").FillAsync("New-Passw0rd!");
        await page.GetByLabel("Confirm password").FillAsync("New-Passw0rd!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your password has been changed." }).WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "account-change-password");

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Log in" }).WaitForAsync();
        var refused = await Should.ThrowAsync<InvalidOperationException>(
            () => TestAccounts.SignInAsync(page, BaseUri, "cycle@example.com", "Old-Passw0rd!"));
        refused.Message.ShouldContain("The email or password is not right.");
        await BrowserFixture.ScreenshotAsync(page, "account-login-refused");
        await TestAccounts.SignInAsync(page, BaseUri, "cycle@example.com", "New-Passw0rd!");
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Register_MismatchedPasswords_AlertNamesTheProblemAndNoAccountExists()
    {
        var page = await browser.NewPageAsync(_errors);
        await page.GotoAsync($"{_app.BaseUrl}/account/register");
        await page.GetByLabel("Email").FillAsync("typo@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Typo-Passw0rd!");
        await page.GetByLabel("Confirm password").FillAsync("Typo-Passw0rd?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        (await page.Locator(".account-card [role=alert]").InnerTextAsync()).ShouldContain("The passwords do not match.");
        var refused = await Should.ThrowAsync<InvalidOperationException>(
            () => TestAccounts.SignInAsync(page, BaseUri, "typo@example.com", "Typo-Passw0rd!"));
        refused.Message.ShouldContain("The email or password is not right.");
    }
}
