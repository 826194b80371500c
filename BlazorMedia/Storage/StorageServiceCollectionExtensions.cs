using BlazorMedia.Configuration;
using BlazorMedia.Storage.FileSystem;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the file-system backend as the one <see cref="IFileStorage"/> (and its
    /// <see cref="ILocalFileAccess"/> fast path), the start-up sweep of stale temp files and
    /// <see cref="TimeProvider.System"/>. Uses TryAdd throughout: calling it twice, or after a test registered its own
    /// backend, never stacks a second implementation.</summary>
    public static IServiceCollection AddMediaStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        // Location and BaseUrl always follow Media:Root / Media:Url; only permissions are configured here.
        services.AddOptions<FileSystemStorageOptions>()
            .BindConfiguration(FileSystemStorageOptions.SectionName)
            .Configure<IOptions<MediaOptions>>((o, media) =>
            {
                o.Location = media.Value.RootPath;
                o.BaseUrl = media.Value.Url;
            });

        services.TryAddSingleton(sp => new FileSystemStorage(
            sp.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<FileSystemStorage>>()));
        services.TryAddSingleton<IFileStorage>(sp => sp.GetRequiredService<FileSystemStorage>());
        services.TryAddSingleton<ILocalFileAccess>(sp => sp.GetRequiredService<IFileStorage>() as ILocalFileAccess
            ?? throw new InvalidOperationException(
                $"The configured IFileStorage ({sp.GetRequiredService<IFileStorage>().GetType().Name}) has no local files; do not resolve ILocalFileAccess with it."));

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TempFileSweepService>());
        return services;
    }
}
