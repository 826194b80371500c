using BlazorMedia.Configuration;
using BlazorMedia.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Features.Account;

internal static class AccountServiceCollectionExtensions
{
    public const string LoginPath = "/account/login";

    /// <summary>ASP.NET Core Identity over the app's own database, cookie sign-in, and Blazor's authentication state.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.SectionName);
        services.AddSingleton<IValidateOptions<AccountsOptions>, AccountsOptionsValidator>();

        services.AddCascadingAuthenticationState();
        services.AddAuthorization();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<IdentityUser>(o =>
            {
                // Version 1 is what the hand-written migration creates (no passkey table).
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version1;
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 8;
                o.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MediaDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<AccountsOptions>, IWebHostEnvironment>((o, accounts, environment) =>
        {
            var secure = accounts.Value.ResolveSecurePolicy(environment.IsDevelopment());
            o.LoginPath = LoginPath;
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "BlazorMedia.Identity";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure;
        });
        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<AccountsOptions>, IWebHostEnvironment>((o, accounts, environment) =>
        {
            var secure = accounts.Value.ResolveSecurePolicy(environment.IsDevelopment());
            o.Cookie.Name = "BlazorMedia.Antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure;
        });
        services.AddScoped<AccountService>();
        services.AddScoped<CallerAccessor>();
        return services;
    }

    /// <summary>Log out is a POST (a link or image could otherwise sign people out); the [FromForm] parameter makes the
    /// endpoint require a valid antiforgery token.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect(LocalUrl.OrHome(returnUrl));
        });
        return endpoints;
    }
}

/// <summary>Return URLs come from the query string or a form: only paths on this site are followed, never
/// <c>//evil.example</c> or <c>/\evil.example</c>, which browsers treat as other hosts.</summary>
public static class LocalUrl
{
    public static string OrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
