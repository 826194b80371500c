using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlazorMedia.Tests.E2E;

/// <summary>An app with no account yet: the first to register becomes its Administrator.</summary>
public sealed class EmptyAppFixture : IAsyncLifetime
{
    public AppProcess App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The first account registered is told it became the Administrator, and sees the admin pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FirstAccountTests(BrowserFixture browser, EmptyAppFixture fixture) : IClassFixture<EmptyAppFixture>
{
    [Fact]
    public async Task Register_FirstAccount_IsToldItIsAdministratorAndSeesAdminPages()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(errors);

        await TestAccounts.RegisterAsync(page, new Uri(fixture.App.BaseUrl), "first@example.com", "First-Passw0rd!");

        page.Url.ShouldBe($"{fixture.App.BaseUrl}/account/welcome");
        // The page has two live regions (this message and MudBlazor's snackbar container): the message is the one that says it.
        await page.GetByRole(AriaRole.Status).Filter(new() { HasText = "you are this site's Administrator" }).WaitForAsync();
        (await page.Locator(".app-user").GetAttributeAsync("title")).ShouldBe("Change password");
        await BrowserFixture.ScreenshotAsync(page, "account-welcome-administrator");
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync($"{fixture.App.BaseUrl}/profiles");
        await page.GotoAsync($"{fixture.App.BaseUrl}/files");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Files" }).WaitForAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "System check" }).WaitForAsync();
        errors.ShouldBeEmpty();
    }
}

/// <summary>The account pages in headless Chromium against the real app, through the forms: a second account is an
/// ordinary user; log out, log in, change password; return URLs; refusals in the form's alert.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountFlowTests(BrowserFixture browser, AppFixture fixture) : IClassFixture<AppFixture>
{
    private readonly List<string> _errors = [];

    private AppProcess App => fixture.App;

    private Uri BaseUri => new(App.BaseUrl);

    [Fact]
    public async Task Register_SecondAccount_IsNotAdministratorAndIsRefusedAdminPages()
    {
        var page = await browser.NewPageAsync(_errors);
        await TestAccounts.RegisterAsync(page, BaseUri, "second@example.com", "Second-Passw0rd!");

        await page.GotoAsync($"{App.BaseUrl}/files");
        await page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" }).WaitForAsync();
        (await page.GetByRole(AriaRole.Heading, new() { Name = "Files" }).CountAsync()).ShouldBe(0);
        (await page.GetByRole(AriaRole.Link, new() { Name = "System check" }).CountAsync()).ShouldBe(0);
        await BrowserFixture.ScreenshotAsync(page, "account-not-allowed");
        // The refusal is a 403, which Chromium reports as the one console error.
        _errors.ShouldBe(["console: Failed to load resource: the server responded with a status of 403 (Forbidden)"]);
    }

    [Fact]
    public async Task Anonymous_AdminPage_RedirectsToLoginAndBackAfterLogIn()
    {
        var page = await browser.NewPageAsync(_errors);

        await page.GotoAsync($"{App.BaseUrl}/files");
        page.Url.ShouldStartWith($"{App.BaseUrl}/account/login?ReturnUrl=%2Ffiles");
        await page.GetByLabel("Email").FillAsync(TestAccounts.AdministratorEmail);
        await page.GetByLabel("Password").FillAsync(TestAccounts.AdministratorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();

        await page.GetByRole(AriaRole.Heading, new() { Name = "Files" }).WaitForAsync();
        page.Url.ShouldBe($"{App.BaseUrl}/files");
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

        await page.GotoAsync($"{App.BaseUrl}/account/change-password");
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
        await page.GotoAsync($"{App.BaseUrl}/account/register");
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
