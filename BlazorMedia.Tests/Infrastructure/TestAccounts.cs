using Microsoft.Playwright;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>Signs a Playwright page in through the app's own account pages (static forms with antiforgery tokens),
/// so tests exercise the real cookie flow. The first account an app registers becomes its Administrator.</summary>
public static class TestAccounts
{
    public const string AdministratorEmail = "admin@example.com";

    public const string AdministratorPassword = "Admin-Passw0rd!";

    /// <summary>Logs in as <see cref="AdministratorEmail"/>; if the app does not know that account yet, registers it,
    /// which makes it Administrator when the app has no account at all.</summary>
    public static async Task SignInAsAdministratorAsync(IPage page, Uri baseUrl)
    {
        if (!await TrySignInAsync(page, baseUrl, AdministratorEmail, AdministratorPassword))
            await RegisterAsync(page, baseUrl, AdministratorEmail, AdministratorPassword);
    }

    /// <summary>Logs in; fails the test with the page's own message when the app refuses.</summary>
    public static async Task SignInAsync(IPage page, Uri baseUrl, string email, string password)
    {
        if (!await TrySignInAsync(page, baseUrl, email, password))
            throw new InvalidOperationException($"Log in as {email} failed: {await AlertTextAsync(page)}");
    }

    /// <summary>Registers (and so signs in) a new account; fails the test with the page's message when refused.</summary>
    public static async Task RegisterAsync(IPage page, Uri baseUrl, string email, string password)
    {
        await page.GotoAsync(new Uri(baseUrl, "/account/register").ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        if (!await SignedInOrRefusedAsync(page))
            throw new InvalidOperationException($"Registering {email} failed: {await AlertTextAsync(page)}");
    }

    private static async Task<bool> TrySignInAsync(IPage page, Uri baseUrl, string email, string password)
    {
        await page.GotoAsync(new Uri(baseUrl, "/account/login").ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        return await SignedInOrRefusedAsync(page);
    }

    /// <summary>Waits for whichever comes first: the top bar's Log out button (signed in) or the form's alert.</summary>
    private static async Task<bool> SignedInOrRefusedAsync(IPage page)
    {
        var logOut = page.GetByRole(AriaRole.Button, new() { Name = "Log out" });
        try
        {
            await logOut.Or(page.Locator(".account-card [role=alert]")).First.WaitForAsync();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Neither signed in nor refused at {page.Url}: {await page.Locator("body").InnerTextAsync()}", e);
        }
        return await logOut.IsVisibleAsync();
    }

    private static async Task<string> AlertTextAsync(IPage page) =>
        await page.Locator(".account-card [role=alert]").InnerTextAsync();
}
