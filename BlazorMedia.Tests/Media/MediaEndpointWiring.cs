using BlazorMedia.Media;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Media;

/// <summary>Wires the media endpoint into the app under test when the app does not wire it itself yet (before
/// <c>AddMediaServing</c>/<c>MapMediaEndpoint</c> are called from <c>BlazorMediaExtensions</c>). Once the app calls
/// them, <see cref="EnsureWired"/> sees the registration and does nothing, so the tests run the real wiring.</summary>
internal static class MediaEndpointWiring
{
    public static void EnsureWired(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(MediaUrlSigner))) return;
        services.AddMediaServing();
        services.AddSingleton<IStartupFilter, MapInFront>();
    }

    private sealed class MapInFront : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRouting();
            app.UseEndpoints(endpoints => endpoints.MapMediaEndpoint());
            next(app);
        };
    }
}
