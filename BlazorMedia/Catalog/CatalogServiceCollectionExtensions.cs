using BlazorMedia.Spooling;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Catalog;

internal static class CatalogServiceCollectionExtensions
{
    /// <summary>The catalog's services. Features add their <see cref="IFileReferences"/> with TryAddEnumerable.</summary>
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSpooling(); // thumbnails spool large sources like uploads do
        services.TryAddSingleton<FileUsage>();
        services.TryAddScoped<FileLifecycle>();
        services.TryAddScoped<ThumbnailService>();
        return services;
    }
}
