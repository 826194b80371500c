using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BlazorMedia.Features.Account;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Media;
using BlazorMedia.Tests.Uploads.Streaming;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Features.Account;

/// <summary>Sessions end everywhere when the user logs out or changes their password: a copy of the old sign-in cookie
/// stops opening private pages once <see cref="AccountsOptions.SessionCheckInterval"/> has passed (the stamp check runs
/// on a clock the test moves), and an open circuit turns anonymous and can no longer save for that user.</summary>
[Trait("Database", "Each")]
public sealed class SessionRevalidationTests(SessionRevalidationTests.App app) : IClassFixture<SessionRevalidationTests.App>
{
    private const string Password = "Test-Passw0rd!";

    /// <summary>The app with Identity's stamp validator on a clock the test moves.</summary>
    public sealed class App : MediaAppFactory
    {
        internal ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.PostConfigure<SecurityStampValidatorOptions>(o => o.TimeProvider = Clock));
        }
    }

    private HttpClient Client(string? cookie = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost"), HandleCookies = cookie is null,
        });
        if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>A new account with its own profile.</summary>
    private async Task<(string UserId, int ProfileId)> NewOwnerAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, Password)).User!;
        var saved = await scope.ServiceProvider.GetRequiredService<ProfileService>()
            .SaveAsync(new ProfileEdit { Name = "Mine" }, new Caller(user.Id, false));
        saved.Outcome.ShouldBe(SaveOutcome.Saved);
        return (user.Id, saved.Id);
    }

    /// <summary>Logs in through the form; returns the client (which keeps its cookies) and a copy of the sign-in cookie.</summary>
    private async Task<(HttpClient Client, string Cookie)> LogInAsync(string email, string password = Password)
    {
        var client = Client();
        using var response = await HttpAccounts.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("BlazorMedia.Identity=", StringComparison.Ordinal));
        return (client, cookie.Split(';')[0]);
    }

    private async Task<HttpResponseMessage> OpenEditorAsync(string cookie, int profileId) =>
        await Client(cookie).GetAsync($"/profiles/{profileId}/edit");

    /// <summary>Moves the stamp validator's clock past the interval from now (cookies are issued on real time, and the
    /// clock may lag it: it was set when the app was made).</summary>
    private void MovePastTheInterval()
    {
        var behind = DateTimeOffset.UtcNow - app.Clock.GetUtcNow();
        app.Clock.Advance((behind > TimeSpan.Zero ? behind : TimeSpan.Zero)
            + app.Services.GetRequiredService<IOptions<AccountsOptions>>().Value.SessionCheckInterval + TimeSpan.FromSeconds(1));
    }

    private static void ShouldBeSentToLogin(HttpResponseMessage response, int profileId)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery.ShouldBe($"/account/login?ReturnUrl={Uri.EscapeDataString($"/profiles/{profileId}/edit")}");
    }

    [Fact]
    public async Task OldCookie_AfterLogOut_RedirectedToLogin()
    {
        var (_, profileId) = await NewOwnerAsync("logout@example.com");
        var (client, cookie) = await LogInAsync("logout@example.com");
        using (var before = await OpenEditorAsync(cookie, profileId)) before.StatusCode.ShouldBe(HttpStatusCode.OK);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/profiles"));
        var form = (IHtmlFormElement)page.QuerySelector("form.app-logout")!;
        var fields = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
        using (var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent(fields)))
            logout.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        MovePastTheInterval();

        using var after = await OpenEditorAsync(cookie, profileId);
        ShouldBeSentToLogin(after, profileId);
    }

    [Fact]
    public async Task OldCookie_AfterPasswordChange_RedirectedToLogin_NewCookieStillWorks()
    {
        var (_, profileId) = await NewOwnerAsync("change@example.com");
        var (_, oldCookie) = await LogInAsync("change@example.com");
        var (client, _) = await LogInAsync("change@example.com");
        using (var before = await OpenEditorAsync(oldCookie, profileId)) before.StatusCode.ShouldBe(HttpStatusCode.OK);

        using (var changed = await HttpAccounts.PostFormAsync(client, "/account/change-password", new()
        {
            ["Input.CurrentPassword"] = Password, ["Input.NewPassword"] = "Other-Passw0rd!", ["Input.ConfirmPassword"] = "Other-Passw0rd!",
        }))
        {
            changed.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await changed.Content.ReadAsStringAsync()).ShouldContain("Your password has been changed.");
        }
        MovePastTheInterval();

        using var after = await OpenEditorAsync(oldCookie, profileId);
        ShouldBeSentToLogin(after, profileId);
        using var refreshed = await client.GetAsync($"/profiles/{profileId}/edit");
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK, "the tab that changed the password got a fresh cookie");
    }

    [Fact]
    public void Circuits_UseTheRevalidatingProvider()
    {
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>().ShouldBeOfType<SessionRevalidatingStateProvider>();
    }

    [Fact]
    public async Task OpenCircuit_StampChanged_TurnsAnonymousAndItsSaveIsRefused()
    {
        var (userId, profileId) = await NewOwnerAsync("circuit@example.com");
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<IdentityUser>>().CreateUserPrincipalAsync(user);
        // A circuit's provider, checking every 50 ms (the setting allows 1 s at least; the class takes what it is given).
        using var provider = new SessionRevalidatingStateProvider(app.Services.GetRequiredService<ILoggerFactory>(),
            app.Services.GetRequiredService<IServiceScopeFactory>(), app.Services.GetRequiredService<IOptions<IdentityOptions>>(),
            Options.Create(new AccountsOptions { SessionCheckInterval = TimeSpan.FromMilliseconds(50) }));
        using var callers = new CallerAccessor(provider);
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        (await callers.GetAsync()).UserId.ShouldBe(userId);
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += _ => changed.TrySetResult();

        await users.UpdateSecurityStampAsync(user); // what log out and a password change do
        await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        (await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated.ShouldNotBe(true);
        callers.Current.ShouldBe(Caller.SignedOut);
        var profiles = scope.ServiceProvider.GetRequiredService<ProfileService>();
        var version = (await profiles.GetAsync(profileId))!.Version;
        var result = await profiles.SaveAsync(new ProfileEdit { Id = profileId, Version = version, Name = "Changed" }, callers.Current);
        result.Outcome.ShouldBe(SaveOutcome.Forbidden);
        result.Message.ShouldBe(SaveResult.SessionEndedMessage);
        (await profiles.GetAsync(profileId))!.Name.ShouldBe("Mine");
    }
}
