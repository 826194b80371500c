using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace BlazorMedia.Security;

/// <summary>Who is asking. Services take a <see cref="Caller"/> and check ownership and role themselves: interactive
/// events arrive over SignalR and never pass through HTTP authorization middleware, so a hidden button is no guard.</summary>
/// <param name="UserId">The Identity user id, or null for an anonymous visitor.</param>
public sealed record Caller(string? UserId, bool IsAdministrator)
{
    public const string AdministratorRole = "Administrator";

    public static readonly Caller Anonymous = new(null, false);

    /// <summary>The command line: whoever can run the app's binary on the server already owns its files.</summary>
    public static readonly Caller Operator = new(null, true);

    public bool IsAuthenticated => UserId is not null;

    /// <summary>True when this caller may change or read the private files of something owned by
    /// <paramref name="ownerId"/>: its owner or an administrator.</summary>
    public bool CanManage(string? ownerId) => IsAdministrator || (UserId is not null && UserId == ownerId);

    public static Caller From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? new Caller(id, user.IsInRole(AdministratorRole))
            : Anonymous;
}

/// <summary>The caller of the current circuit (or request), read from Blazor's authentication state.</summary>
public sealed class CallerAccessor(AuthenticationStateProvider authentication)
{
    public async Task<Caller> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return Caller.From(state.User);
    }
}
