using System.Net;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>One app process for a test class (xunit class fixture): its tests do not interfere, each using its own
/// user, profile or folder. The first account, registered at start, is the Administrator. Sign-in is the fast path:
/// the account forms posted over HTTP, and the cookie handed to a browser context (<see cref="BrowserFixture.NewPageAsync"/>);
/// only the tests about signing in use the forms in the browser.</summary>
public class AppFixture : IAsyncLifetime
{
    public const string Password = "Test-Passw0rd!";

    public AppProcess App { get; private set; } = default!;

    public Uri BaseUri => new(App.BaseUrl);

    /// <summary>The Administrator's sign-in cookie.</summary>
    public Cookie Administrator { get; private set; } = default!;

    /// <summary>Settings for the app process (environment variables, <c>Section__Key</c>).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual async Task InitializeAsync()
    {
        App = await AppProcess.StartAsync(Settings);
        Administrator = await SignInAsync(TestAccounts.AdministratorEmail, TestAccounts.AdministratorPassword);
    }

    /// <summary>Registers <paramref name="email"/> (or logs in if it exists) over HTTP and returns its sign-in cookie.</summary>
    public async Task<Cookie> SignInAsync(string email, string password = Password)
    {
        using var client = HttpAccounts.CreateClient(BaseUri);
        if (!await HttpAccounts.TrySignInAsync(client, email, password) && !await HttpAccounts.RegisterAsync(client, email, password))
            throw new InvalidOperationException($"Could not register or sign in {email}.");
        return HttpAccounts.IdentityCookie(client, BaseUri);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
