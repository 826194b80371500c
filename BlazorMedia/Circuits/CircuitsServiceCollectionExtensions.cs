using Microsoft.Extensions.Caching.Distributed;

namespace BlazorMedia.Circuits;

internal static class CircuitsServiceCollectionExtensions
{
    /// <summary>Paused circuits are kept by .NET 10's <c>HybridCache</c> persistence (Blazor picks up the registered
    /// <c>HybridCache</c>): memory first, then <see cref="DatabaseCircuitStateCache"/>. Nothing else in the app uses
    /// <see cref="IDistributedCache"/>.</summary>
    public static IServiceCollection AddCircuitPersistence(this IServiceCollection services)
    {
        services.AddSingleton<IDistributedCache, DatabaseCircuitStateCache>();
        services.AddHybridCache();
        return services;
    }
}
