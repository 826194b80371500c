using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Features.Files;

internal static class FilesServiceCollectionExtensions
{
    public static IServiceCollection AddMediaLibrary(this IServiceCollection services)
    {
        services.TryAddSingleton<LibraryChanges>();
        services.TryAddScoped<MediaLibraryService>();
        return services;
    }
}
