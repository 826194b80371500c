using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Storage.S3;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the backend <c>Storage:Backend</c> names as the one <see cref="IFileStorage"/>:
    /// <c>FileSystem</c> (default, with its <see cref="ILocalFileAccess"/> fast path and the start-up sweep of stale
    /// temp files) or <c>S3</c> (no local files, so no <see cref="ILocalFileAccess"/>: the media endpoint streams).
    /// An unknown backend registers the file system and is reported by <see cref="StorageOptionsValidator"/> at start.
    /// Uses TryAdd throughout: calling it twice, or after a test registered its own backend, never stacks a second
    /// implementation.</summary>
    public static IServiceCollection AddMediaStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<MediaOptions>, MediaOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        // Bound whatever the backend, so the validator can read them; resolved only by the chosen backend.
        services.AddOptions<S3StorageOptions>()
            .BindConfiguration(S3StorageOptions.SectionName)
            .Configure<IOptions<MediaOptions>>((o, media) => o.BaseUrl = media.Value.Url);

        if (StorageOptions.BackendIsS3(configuration))
            AddS3(services);
        else
            AddFileSystem(services);
        return services;
    }

    private static void AddS3(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new S3Storage(
            sp.GetRequiredService<IOptions<S3StorageOptions>>().Value,
            client: null,
            sp.GetService<ILogger<S3Storage>>(),
            sp.GetService<IObjectHeaders>()));
        services.TryAddSingleton<IFileStorage>(sp => sp.GetRequiredService<S3Storage>());
    }

    private static void AddFileSystem(IServiceCollection services)
    {
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
    }
}
