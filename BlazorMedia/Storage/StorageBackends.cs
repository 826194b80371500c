using BlazorMedia.Storage.AzureBlob;
using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Storage.S3;
using BlazorMedia.Storage.Sftp;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Storage;

/// <summary>The one place that knows every backend: checks its settings and builds it from the app's options. Used
/// by the registration (<c>Storage:Backend</c>), by <c>migrate-storage</c> (any two backends, whatever
/// <c>Storage:Backend</c> says) and by <c>/healthz</c>.</summary>
public static class StorageBackends
{
    /// <summary>Problems with <paramref name="backend"/>'s settings, one line each; empty when it can be built.</summary>
    public static List<string> Validate(string backend, IServiceProvider services) => backend switch
    {
        StorageOptions.S3 => S3StorageOptionsValidator.Validate(services.GetRequiredService<IOptions<S3StorageOptions>>().Value),
        StorageOptions.AzureBlob => AzureBlobStorageOptionsValidator.Validate(services.GetRequiredService<IOptions<AzureBlobStorageOptions>>().Value),
        StorageOptions.Sftp => SftpStorageOptionsValidator.Validate(services.GetRequiredService<IOptions<SftpStorageOptions>>().Value),
        StorageOptions.FileSystem => [],
        _ => [$"'{backend}' is not a storage backend; use one of: {string.Join(", ", StorageOptions.Backends)}."],
    };

    /// <summary>A new storage of <paramref name="backend"/>, configured from the app's options; the caller disposes it
    /// when it is <see cref="IDisposable"/>. Check <see cref="Validate"/> first.</summary>
    public static IFileStorage Create(string backend, IServiceProvider services) => backend switch
    {
        StorageOptions.S3 => new S3Storage(
            services.GetRequiredService<IOptions<S3StorageOptions>>().Value,
            client: null,
            services.GetService<ILogger<S3Storage>>(),
            services.GetService<IObjectHeaders>()),
        StorageOptions.AzureBlob => new AzureBlobStorage(
            services.GetRequiredService<IOptions<AzureBlobStorageOptions>>().Value,
            container: null,
            services.GetService<ILogger<AzureBlobStorage>>(),
            services.GetService<IObjectHeaders>()),
        StorageOptions.Sftp => new SftpStorage(
            services.GetRequiredService<IOptions<SftpStorageOptions>>().Value,
            services.GetService<ILogger<SftpStorage>>()),
        StorageOptions.FileSystem => new FileSystemStorage(
            services.GetRequiredService<IOptions<FileSystemStorageOptions>>().Value,
            services.GetService<TimeProvider>(),
            services.GetService<ILogger<FileSystemStorage>>()),
        _ => throw new ArgumentException($"'{backend}' is not a storage backend.", nameof(backend)),
    };

    /// <summary>The <c>/healthz</c> check of <paramref name="backend"/>: <c>media-root</c> for the file system, else
    /// the backend's <see cref="IStorageProbe.ProbeName"/>.</summary>
    public static string HealthCheckName(string backend) => backend switch
    {
        StorageOptions.S3 => "s3-bucket",
        StorageOptions.AzureBlob => "azure-container",
        StorageOptions.Sftp => "sftp-server",
        _ => "media-root",
    };
}
