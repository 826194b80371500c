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

    /// <summary>A circuit whose user was signed in and no longer is (logged out elsewhere, password changed, account
    /// gone): as powerless as <see cref="Anonymous"/>, but refusals can say why.</summary>
    public static readonly Caller SignedOut = new(null, false) { SessionEnded = true };

    public bool IsAuthenticated => UserId is not null;

    /// <summary>True for <see cref="SignedOut"/>.</summary>
    public bool SessionEnded { get; init; }

    /// <summary>True when this caller may change or read the private files of something owned by
    /// <paramref name="ownerId"/>: its owner or an administrator.</summary>
    public bool CanManage(string? ownerId) => IsAdministrator || (UserId is not null && UserId == ownerId);

    public static Caller From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? new Caller(id, user.IsInRole(AdministratorRole))
            : Anonymous;
}

/// <summary>The caller of the current circuit (or request), read from Blazor's authentication state, which the
/// revalidating provider turns anonymous when the user's session ends. Pages read <see cref="Current"/> on every action
/// rather than keep the caller they loaded with, so a page left open stops acting for a user who signed out.</summary>
public sealed class CallerAccessor : IDisposable
{
    private readonly AuthenticationStateProvider _authentication;
    private Caller? _current;
    private bool _wasAuthenticated;

    public CallerAccessor(AuthenticationStateProvider authentication)
    {
        _authentication = authentication;
        _authentication.AuthenticationStateChanged += OnChanged;
    }

    /// <summary>The caller as of the last <see cref="GetAsync"/> or authentication change; <see cref="Caller.Anonymous"/>
    /// before the first.</summary>
    public Caller Current => _current ?? Caller.Anonymous;

    public async Task<Caller> GetAsync()
    {
        var state = await _authentication.GetAuthenticationStateAsync();
        return Remember(state.User);
    }

    private void OnChanged(Task<AuthenticationState> state) =>
        _ = state.ContinueWith(t => { if (t.IsCompletedSuccessfully) Remember(t.Result.User); }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private Caller Remember(ClaimsPrincipal user)
    {
        var caller = Caller.From(user);
        if (caller.IsAuthenticated) _wasAuthenticated = true;
        else if (_wasAuthenticated) caller = Caller.SignedOut;
        _current = caller;
        return caller;
    }

    public void Dispose() => _authentication.AuthenticationStateChanged -= OnChanged;
}
