using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Features.Files;

internal static class FilesServiceCollectionExtensions
{
    public static IServiceCollection AddFiles(this IServiceCollection services)
    {
        services.TryAddSingleton<FilesChanges>();
        services.TryAddScoped<FilesService>();
        return services;
    }
}
