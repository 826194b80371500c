using System.Net;
using AngleSharp.Html.Parser;
using BlazorMedia.Features.Account;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Media;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Features.Account;

/// <summary>A failed log in tells nothing about whether the e-mail is registered: an unknown address, a wrong password
/// and a locked account get the same status and the same message, byte for byte, and each costs one password-hash
/// check (Identity itself answers unknown and locked accounts without hashing, which a stopwatch can tell apart).
/// Identity's lockout still applies to real accounts.</summary>
[Trait("Database", "Each")]
public sealed class LogInEnumerationTests(LogInEnumerationTests.App app) : IClassFixture<LogInEnumerationTests.App>
{
    private const string Password = "Test-Passw0rd!";

    /// <summary>The app with a password hasher that counts its checks.</summary>
    public sealed class App : MediaAppFactory
    {
        internal CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<IdentityUser>>(Hasher));
        }
    }

    internal sealed class CountingHasher : PasswordHasher<IdentityUser>
    {
        private int _verified;

        public int Verified => Volatile.Read(ref _verified);

        public override PasswordVerificationResult VerifyHashedPassword(IdentityUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verified);
            return base.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private async Task RegisterAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, Password)).Succeeded.ShouldBeTrue();
    }

    /// <summary>Posts the login form; returns the status and the page's alert exactly as sent.</summary>
    private async Task<(HttpStatusCode Status, string Alert)> LogInAsync(string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        using var response = await HttpAccounts.PostFormAsync(client, "/account/login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, html.QuerySelector("[role=alert]")?.OuterHtml ?? "(no alert)");
    }

    [Fact]
    public async Task FailedLogIn_UnknownEmail_AnswersExactlyLikeALockedAccountAndAWrongPassword()
    {
        await RegisterAsync("locked@example.com");
        await RegisterAsync("wrong@example.com");
        for (var i = 0; i < 5; i++) await LogInAsync("locked@example.com", "Not-The-Passw0rd!");
        for (var i = 0; i < 5; i++) await LogInAsync("nobody@example.com", "Not-The-Passw0rd!");

        var locked = await LogInAsync("locked@example.com", Password); // the right password, but locked
        var unknown = await LogInAsync("nobody@example.com", Password);
        var wrong = await LogInAsync("wrong@example.com", "Not-The-Passw0rd!");

        locked.Alert.ShouldContain(AccountService.LogInFailedMessage);
        unknown.ShouldBe(locked);
        wrong.ShouldBe(locked);
        locked.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LockedAccount_RightPassword_StillRefused()
    {
        await RegisterAsync("lockout@example.com");
        for (var i = 0; i < 5; i++) await LogInAsync("lockout@example.com", "Not-The-Passw0rd!");

        var (status, alert) = await LogInAsync("lockout@example.com", Password);

        status.ShouldBe(HttpStatusCode.OK, "a successful log in would redirect");
        alert.ShouldContain(AccountService.LogInFailedMessage);
    }

    [Theory]
    [InlineData("unknown e-mail")]
    [InlineData("wrong password")]
    [InlineData("locked account")]
    public async Task FailedLogIn_ChecksOnePasswordHash(string why)
    {
        var email = $"{why.Replace(' ', '-')}@example.com";
        if (why != "unknown e-mail") await RegisterAsync(email);
        if (why == "locked account")
            for (var i = 0; i < 5; i++) await LogInAsync(email, "Not-The-Passw0rd!");
        var before = app.Hasher.Verified;

        await LogInAsync(email, "Not-The-Passw0rd!");

        (app.Hasher.Verified - before).ShouldBe(1);
    }
}
