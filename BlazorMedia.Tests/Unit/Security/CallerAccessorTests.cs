using System.Security.Claims;
using BlazorMedia.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace BlazorMedia.Tests.Security;

/// <summary>Pages read <see cref="CallerAccessor.Current"/> on each action, so it must follow the circuit's
/// authentication state as it changes, and say when a signed-in user's session ended.</summary>
public sealed class CallerAccessorTests
{
    private sealed class SettableProvider : AuthenticationStateProvider
    {
        private Task<AuthenticationState> _state = Task.FromResult(new AuthenticationState(new ClaimsPrincipal()));

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => _state;

        public void Set(ClaimsPrincipal user)
        {
            _state = Task.FromResult(new AuthenticationState(user));
            NotifyAuthenticationStateChanged(_state);
        }
    }

    private static ClaimsPrincipal User(string id) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "test"));

    [Fact]
    public async Task Current_SignedInUserSignedOut_BecomesSignedOut()
    {
        var provider = new SettableProvider();
        provider.Set(User("u1"));
        using var callers = new CallerAccessor(provider);
        (await callers.GetAsync()).ShouldBe(new Caller("u1", false));

        provider.Set(new ClaimsPrincipal());

        callers.Current.ShouldBe(Caller.SignedOut);
        callers.Current.IsAuthenticated.ShouldBeFalse();
    }

    [Fact]
    public async Task Current_NeverSignedIn_Anonymous()
    {
        using var callers = new CallerAccessor(new SettableProvider());

        (await callers.GetAsync()).ShouldBe(Caller.Anonymous);
        callers.Current.SessionEnded.ShouldBeFalse();
    }

    [Fact]
    public async Task Current_FollowsAChangeWithoutBeingAskedAgain()
    {
        var provider = new SettableProvider();
        using var callers = new CallerAccessor(provider);
        await callers.GetAsync();

        provider.Set(User("u2"));

        callers.Current.ShouldBe(new Caller("u2", false));
    }
}
