using Microsoft.Playwright;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>Signs a Playwright page in through the app's own account pages (static forms with antiforgery tokens),
/// so tests exercise the real cookie flow. The first account an app registers becomes its Administrator.</summary>
public static class TestAccounts
{
    public const string AdministratorEmail = HttpAccounts.AdministratorEmail;

    public const string AdministratorPassword = HttpAccounts.AdministratorPassword;

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
        if (!await SignedInOrRefusedAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync()))
            throw new InvalidOperationException($"Registering {email} failed: {await AlertTextAsync(page)}");
    }

    private static async Task<bool> TrySignInAsync(IPage page, Uri baseUrl, string email, string password)
    {
        await page.GotoAsync(new Uri(baseUrl, "/account/login").ToString());
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        return await SignedInOrRefusedAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync());
    }

    /// <summary>Submits, then waits for whichever comes first: the top bar's Log out button (signed in) or the form's
    /// alert. When neither comes, the failure says what became of the form's POST (sent? answered? failed?).</summary>
    private static async Task<bool> SignedInOrRefusedAsync(IPage page, Func<Task> submit)
    {
        var trail = new List<string>();
        void Note(string what) { lock (trail) trail.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {what}"); }
        void OnRequest(object? _, IRequest r) { if (r.Method == "POST") Note($"POST {r.Url}"); }
        void OnResponse(object? _, IResponse r) { if (r.Request.Method == "POST" || r.Request.IsNavigationRequest) Note($"{r.Status} {r.Request.Method} {r.Url}"); }
        void OnFailed(object? _, IRequest r) => Note($"failed {r.Method} {r.Url}: {r.Failure}");
        page.Request += OnRequest;
        page.Response += OnResponse;
        page.RequestFailed += OnFailed;
        var logOut = page.GetByRole(AriaRole.Button, new() { Name = "Log out" });
        try
        {
            Note("submit");
            await submit();
            await logOut.Or(page.Locator(".account-card [role=alert]")).First.WaitForAsync();
        }
        catch (TimeoutException e)
        {
            string seen;
            lock (trail) seen = string.Join("\n", trail);
            throw new TimeoutException($"Neither signed in nor refused at {page.Url}. Requests:\n{seen}\nPage: {await page.Locator("body").InnerTextAsync()}", e);
        }
        finally
        {
            page.Request -= OnRequest;
            page.Response -= OnResponse;
            page.RequestFailed -= OnFailed;
        }
        return await logOut.IsVisibleAsync();
    }

    private static async Task<string> AlertTextAsync(IPage page) =>
        await page.Locator(".account-card [role=alert]").InnerTextAsync();
}
