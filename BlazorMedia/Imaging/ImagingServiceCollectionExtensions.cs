using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Imaging;

internal static class ImagingServiceCollectionExtensions
{
    /// <summary>Inspection, normalisation and thumbnail generation. All are stateless and thread-safe, so singletons.
    /// TryAdd so a host or test can replace any of them first.</summary>
    internal static IServiceCollection AddMediaImaging(this IServiceCollection services)
    {
        services.TryAddSingleton<ImageInspector>();
        services.TryAddSingleton<ImageProcessor>();
        services.TryAddSingleton<ThumbnailGenerator>();
        return services;
    }
}
