using System.Net;
using BlazorMedia.Features.Account;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Media;
using BlazorMedia.Security;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Media;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Features.Account;

/// <summary>Over HTTP against the in-process app (Production settings, HTTPS): private pages redirect anonymous
/// visitors to the login page and answer 403 to users without the right; every form post needs its antiforgery
/// token; pages carry the security headers; sign-in cookies are Secure, HttpOnly and SameSite=Lax.</summary>
[Trait("Database", "Each")]
public sealed class AccountHttpTests(MediaAppFactory app) : IClassFixture<MediaAppFactory>
{
    private HttpClient Client(string? cookie = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        if (cookie is not null) client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private async Task<string> NewUserAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, "Test-Passw0rd!");
        return result.User?.Id ?? (await FindUserIdAsync(email));
    }

    private async Task<string> FindUserIdAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Microsoft.AspNetCore.Identity.IdentityUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }

    private async Task<int> OwnedProfileAsync(string ownerEmail)
    {
        var ownerId = await NewUserAsync(ownerEmail);
        using var scope = app.Services.CreateScope();
        var profiles = scope.ServiceProvider.GetRequiredService<ProfileService>();
        var existing = await profiles.GetOwnProfileIdAsync(new Caller(ownerId, false));
        if (existing is { } id) return id;
        return (await profiles.SaveAsync(new ProfileEdit { Name = "Owned" }, new Caller(ownerId, false))).Id;
    }

    [Theory]
    [InlineData("/profiles/new")]
    [InlineData("/files")]
    [InlineData("/system")]
    [InlineData("/account/change-password")]
    public async Task Anonymous_PrivatePage_RedirectsToLoginWithReturnUrl(string path)
    {
        using var response = await Client().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery.ShouldBe($"/account/login?ReturnUrl={Uri.EscapeDataString(path)}");
    }

    [Theory]
    [InlineData("/files")]
    [InlineData("/system")]
    public async Task User_AdministratorPage_SentToAccessDeniedWhichIs403(string path)
    {
        var cookie = TestCookies.Identity(app.Services, await NewUserAsync("plain@example.com"));

        using var response = await Client(cookie).GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/account/access-denied");
        using var denied = await Client(cookie).GetAsync(response.Headers.Location);
        denied.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await denied.Content.ReadAsStringAsync()).ShouldContain("Not allowed");
    }

    [Fact]
    public async Task Administrator_AdministratorPage_Ok()
    {
        var cookie = TestCookies.Identity(app.Services, "admin-id", administrator: true);
        using var response = await Client(cookie).GetAsync("/system");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OtherUser_EditorOfSomeoneElsesProfile_403WithoutTheForm()
    {
        var id = await OwnedProfileAsync("owner@example.com");
        var cookie = TestCookies.Identity(app.Services, await NewUserAsync("intruder@example.com"));

        using var response = await Client(cookie).GetAsync($"/profiles/{id}/edit");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain(SaveResult.NotYoursMessage);
        html.ShouldNotContain("id=\"name\"");
    }

    [Fact]
    public async Task Owner_EditorOfOwnProfile_Ok()
    {
        var id = await OwnedProfileAsync("self@example.com");
        var cookie = TestCookies.Identity(app.Services, await FindUserIdAsync("self@example.com"));

        using var response = await Client(cookie).GetAsync($"/profiles/{id}/edit");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/account/logout")]
    public async Task FormPost_WithoutAntiforgeryToken_400(string path)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = path.Split('/')[^1], ["Input.Email"] = "x@example.com", ["Input.Password"] = "Test-Passw0rd!",
            ["Input.ConfirmPassword"] = "Test-Passw0rd!", ["returnUrl"] = "/",
        });

        using var response = await Client().PostAsync(path, form);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task LogIn_WithToken_SetsSecureHttpOnlyLaxCookies()
    {
        await NewUserAsync("cookie@example.com");
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var page = await client.GetAsync("/account/login");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("BlazorMedia.Antiforgery=", StringComparison.Ordinal));

        using var response = await HttpAccounts.PostFormAsync(client, "/account/login",
            new() { ["Input.Email"] = "cookie@example.com", ["Input.Password"] = "Test-Passw0rd!" });

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var identity = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("BlazorMedia.Identity=", StringComparison.Ordinal));
        foreach (var cookie in new[] { identity, antiforgery })
        {
            cookie.ShouldContain("; secure", Case.Insensitive);
            cookie.ShouldContain("; httponly", Case.Insensitive);
            cookie.ShouldContain("; samesite=lax", Case.Insensitive);
        }
    }

    [Fact]
    public async Task Page_CarriesSecurityHeaders_ImportMapHasThePolicysNonce()
    {
        using var response = await Client().GetAsync("/profiles");

        var csp = response.Headers.GetValues("Content-Security-Policy").ShouldHaveSingleItem();
        csp.ShouldStartWith("default-src 'self'; script-src 'self' 'nonce-");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("object-src 'none'");
        csp.ShouldContain("img-src 'self' data: blob:;");
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["same-origin"]);
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        var nonce = csp.Split("'nonce-")[1].Split('\'')[0];
        var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        html.QuerySelector("script[type=importmap]")!.GetAttribute("nonce").ShouldBe(nonce);
        using var again = await Client().GetAsync("/profiles");
        again.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain(nonce, Case.Sensitive, "a fresh nonce per response");
    }

    [Fact]
    public async Task Page_StylePolicyAllowsMudBlazorsInlineStylesWithoutANonceAndFontsFromHereOnly()
    {
        using var response = await Client().GetAsync("/profiles");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        // A nonce in style-src would make browsers ignore 'unsafe-inline', which MudBlazor's theme and components need.
        csp.ShouldContain("style-src 'self' 'unsafe-inline';");
        csp.ShouldContain("font-src 'self' data:;");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("/_framework/blazor.web.");
        // The one component library's assets, and fonts from this origin (no font CDN).
        System.Text.RegularExpressions.Regex.Matches(html, @"_content/([^/]+)/").Select(m => m.Groups[1].Value).Distinct().ShouldBe(["MudBlazor"]);
        html.ShouldContain("lib/roboto/roboto.");
        html.ShouldNotContain("fonts.googleapis");
    }

    [Fact]
    public async Task ChangePassword_HasItsPageTitle()
    {
        var userId = await NewUserAsync("title@example.com");
        using var response = await Client(TestCookies.Identity(app.Services, userId)).GetAsync("/account/change-password");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).Title.ShouldBe("Change password · BlazorMedia");
    }

    [Fact]
    public async Task Media_KeepsItsOwnStricterPolicy()
    {
        app.Write("avatars/h.png", [1, 2, 3]);
        using var response = await Client().GetAsync("/media/avatars/h.png");
        response.Headers.GetValues("Content-Security-Policy").ShouldBe([MediaEndpoint.ContentSecurityPolicy]);
    }
}
