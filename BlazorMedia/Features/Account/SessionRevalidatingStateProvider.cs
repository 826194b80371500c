using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Features.Account;

/// <summary>The authentication state of a circuit, checked against the account every
/// <see cref="AccountsOptions.SessionCheckInterval"/>. A circuit outlives the request that opened it, so the cookie's own
/// security-stamp check never runs for it: without this, a page left open would keep acting for a user who has since
/// logged out or changed their password. When the stamp in the circuit's principal no longer matches the account's (or
/// the account is gone), the circuit becomes anonymous: <c>AuthorizeRouteView</c> sends the page to the login form and
/// <see cref="Security.CallerAccessor"/> answers <see cref="Security.Caller.Anonymous"/> to every service call after.</summary>
public sealed class SessionRevalidatingStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, IOptions<AccountsOptions> accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => accounts.Value.SessionCheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        // A scope of its own: the circuit's scope may be busy rendering, and a DbContext is not thread-safe.
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.GetUserAsync(authenticationState.User);
        if (user is null) return false;
        if (!users.SupportsUserSecurityStamp) return true;
        var stamp = authenticationState.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp is not null && stamp == await users.GetSecurityStampAsync(user);
    }
}
