using System.Security.Claims;
using BlazorMedia.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>A sign-in cookie for an in-process app, made with the app's own cookie options and Data Protection keys,
/// exactly as the Identity cookie handler would write it; for HTTP tests that need "user X" without the forms.</summary>
public static class TestCookies
{
    public static string Identity(IServiceProvider services, string userId, bool administrator = false)
    {
        var options = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId), new(ClaimTypes.Name, $"{userId}@example.com") };
        if (administrator) claims.Add(new(ClaimTypes.Role, Caller.AdministratorRole));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, IdentityConstants.ApplicationScheme));
        // Issued now: Identity revalidates the security stamp of tickets without an issue time (there is no such user).
        var properties = new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) };
        var ticket = new AuthenticationTicket(principal, properties, IdentityConstants.ApplicationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }
}
