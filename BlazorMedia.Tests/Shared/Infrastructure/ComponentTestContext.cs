using Bunit;
using Bunit.TestDoubles;
using BlazorMedia.Components.Theme;
using BlazorMedia.Security;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>bunit with what every BlazorMedia component needs: MudBlazor's services, loose JS interop (MudBlazor and the
/// app call the browser; tests check the calls they care about), an authorization state, and optionally the app's
/// services over a real database (the Integration lane's <c>ProfileHarness</c>) as a fallback provider.</summary>
public sealed class ComponentTestContext : IAsyncDisposable
{
    public ComponentTestContext(IServiceProvider? appServices = null)
    {
        Bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        Bunit.Services.AddMudServices();
        Auth = Bunit.AddAuthorization();
        Bunit.Services.AddScoped<CallerAccessor>();
        if (appServices is not null)
        {
            Bunit.Services.AddFallbackServiceProvider(appServices);
            // Needs this renderer's JS runtime, which the app's provider does not have.
            Bunit.Services.AddSingleton(appServices.GetRequiredService<BlazorMedia.Uploads.Streaming.StreamedUploads>());
            Bunit.Services.AddScoped<BlazorMedia.Uploads.Streaming.StreamingUploadClient>();
        }
        // As in a circuit: components render their interactive markup.
        Bunit.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
    }

    public BunitContext Bunit { get; } = new();

    public BunitAuthorizationContext Auth { get; }

    /// <summary>Signs the renderer in as <paramref name="userId"/>, an Administrator when <paramref name="administrator"/>.</summary>
    public ComponentTestContext SignIn(string userId, bool administrator = false)
    {
        Auth.SetAuthorized($"{userId}@example.com");
        var claims = new List<System.Security.Claims.Claim> { new(System.Security.Claims.ClaimTypes.NameIdentifier, userId) };
        if (administrator) claims.Add(new(System.Security.Claims.ClaimTypes.Role, Caller.AdministratorRole));
        Auth.SetClaims([.. claims]);
        return this;
    }

    /// <summary>The theme the host page would hand the layout.</summary>
    public static ThemeChoice Theme(bool dark, bool chosen) => new(dark, chosen);

    public ValueTask DisposeAsync() => Bunit.DisposeAsync();
}
