using BlazorMedia.Storage.AzureBlob;
using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Storage.S3;
using BlazorMedia.Storage.Sftp;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Storage;

internal static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the backend <c>Storage:Backend</c> names as the one <see cref="IFileStorage"/>, built by
    /// <see cref="StorageBackends"/>: <c>FileSystem</c> (default, with its <see cref="ILocalFileAccess"/> fast path and
    /// the start-up sweep of stale temp files), <c>S3</c>, <c>AzureBlob</c> or <c>Sftp</c> (no local files, so no
    /// <see cref="ILocalFileAccess"/>: the media endpoint streams). An unknown backend registers the file system and
    /// is reported by <see cref="StorageOptionsValidator"/> at start. Uses TryAdd throughout: calling it twice, or
    /// after a test registered its own backend, never stacks a second implementation.</summary>
    public static IServiceCollection AddMediaStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.SectionName);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<MediaOptions>, MediaOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        // Every backend's options are bound whatever the backend, so migrate-storage can build any of them. BaseUrl
        // (and the file system's Location) always follow Media:Url / Media:Root: one source of truth.
        services.AddOptions<FileSystemStorageOptions>()
            .BindConfiguration(FileSystemStorageOptions.SectionName)
            .Configure<IOptions<MediaOptions>>((o, media) =>
            {
                o.Location = media.Value.RootPath;
                o.BaseUrl = media.Value.Url;
            });
        services.AddOptions<S3StorageOptions>()
            .BindConfiguration(S3StorageOptions.SectionName)
            .Configure<IOptions<MediaOptions>>((o, media) => o.BaseUrl = media.Value.Url);
        services.AddOptions<AzureBlobStorageOptions>()
            .BindConfiguration(AzureBlobStorageOptions.SectionName)
            .Configure<IOptions<MediaOptions>>((o, media) => o.BaseUrl = media.Value.Url);
        services.AddOptions<SftpStorageOptions>()
            .BindConfiguration(SftpStorageOptions.SectionName)
            .Configure<IOptions<MediaOptions>>((o, media) => o.BaseUrl = media.Value.Url);

        switch (StorageOptions.BackendFrom(configuration))
        {
            case StorageOptions.S3: AddBackend<S3Storage>(services, StorageOptions.S3); break;
            case StorageOptions.AzureBlob: AddBackend<AzureBlobStorage>(services, StorageOptions.AzureBlob); break;
            case StorageOptions.Sftp: AddBackend<SftpStorage>(services, StorageOptions.Sftp); break;
            default: AddFileSystem(services); break;
        }
        return services;
    }

    private static void AddBackend<T>(IServiceCollection services, string backend) where T : class, IFileStorage
    {
        services.TryAddSingleton(sp => (T)StorageBackends.Create(backend, sp));
        services.TryAddSingleton<IFileStorage>(sp => sp.GetRequiredService<T>());
    }

    private static void AddFileSystem(IServiceCollection services)
    {
        AddBackend<FileSystemStorage>(services, StorageOptions.FileSystem);
        services.TryAddSingleton<ILocalFileAccess>(sp => sp.GetRequiredService<IFileStorage>() as ILocalFileAccess
            ?? throw new InvalidOperationException(
                $"The configured IFileStorage ({sp.GetRequiredService<IFileStorage>().GetType().Name}) has no local files; do not resolve ILocalFileAccess with it."));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TempFileSweepService>());
    }
}
