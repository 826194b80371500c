using BlazorMedia.Data;
using BlazorMedia.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
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
        // Before AddInteractiveServerComponents, whose default provider is only a fallback (TryAdd).
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
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
        // The sign-in cookie's security stamp is re-read from the database this often (Identity's default is 30 minutes):
        // log out and password changes update the stamp, so every other copy of the cookie stops working within it.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<AccountsOptions>>((o, accounts) =>
            o.ValidationInterval = accounts.Value.SessionCheckInterval);
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

    /// <summary>Log out is a POST (a link or image could otherwise sign people out) and checks the antiforgery token
    /// itself: a refusal must carry a body, or the status-code page would re-execute the bad POST.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<IdentityUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest("Log out was refused: the form's antiforgery token is missing or stale. Reload the page and try again.");
            // Deleting this browser's cookie is not enough: a copy of its value (another tab's circuit, a stolen
            // cookie) would stay valid until it expires. A new stamp ends them all within Accounts:SessionCheckInterval.
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return Results.LocalRedirect(LocalUrl.OrHome(http.Request.Form["returnUrl"]));
        }).DisableAntiforgery(); // validated above, with a message
        return endpoints;
    }
}

/// <summary>Return URLs come from the query string or a form: only paths on this site are followed, never
/// <c>//evil.example</c> or <c>/\evil.example</c>, which browsers treat as other hosts, nor anything with a control
/// character (browsers drop tabs and newlines, so <c>/&#9;/evil.example</c> is <c>//evil.example</c> to them). Never
/// looser than ASP.NET Core's own <c>IsLocalUrl</c>, so <c>LocalRedirect</c> accepts whatever this returns.</summary>
public static class LocalUrl
{
    public static string OrHome(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
            && !url.Any(char.IsControl) ? url : "/";
}
