using System.Text.Json;
using BlazorMedia.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Health;

/// <summary>The media root exists and accepts a new file.</summary>
internal sealed class MediaRootHealthCheck(IOptions<MediaOptions> media) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var root = media.Value.RootPath;
        try
        {
            using (File.Create(Path.Combine(root, $".health-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose)) { }
            return Task.FromResult(HealthCheckResult.Healthy("writable"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"not writable: {e.Message}"));
        }
    }
}

/// <summary>With a remote backend (S3, Azure Blob, SFTP): the backend's own probe (<see cref="IStorageProbe"/>: a one-key
/// listing of the bucket or container, a look at the SFTP root over a host-key-checked session).</summary>
internal sealed class StorageProbeHealthCheck(IFileStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (storage is not IStorageProbe probe) return HealthCheckResult.Healthy("no probe");
        try
        {
            await probe.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy("reachable");
        }
        catch (StorageException e)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}

internal static class HealthEndpoint
{
    /// <summary>The database, and the storage the app writes to: the media root, or the remote backend's probe, under
    /// <see cref="StorageBackends.HealthCheckName"/> (<c>s3-bucket</c>, <c>azure-container</c>, <c>sftp-server</c>).</summary>
    public static IServiceCollection AddMediaHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddDbContextCheck<Data.MediaDbContext>("database");
        var backend = StorageOptions.BackendFrom(configuration);
        if (StorageOptions.BackendIsRemote(configuration))
            checks.AddCheck<StorageProbeHealthCheck>(StorageBackends.HealthCheckName(backend));
        else
            checks.AddCheck<MediaRootHealthCheck>("media-root");
        return services;
    }

    public static void MapHealthEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync });

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description ?? e.Value.Exception?.Message }),
        });
    }
}
