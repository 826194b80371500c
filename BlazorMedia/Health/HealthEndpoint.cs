using System.Text.Json;
using BlazorMedia.Storage;
using BlazorMedia.Storage.S3;
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

/// <summary>With <c>Storage:Backend=S3</c>: the bucket answers a one-key listing with the configured credentials.</summary>
internal sealed class S3BucketHealthCheck(S3Storage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await storage.ProbeBucketAsync(cancellationToken);
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
    /// <summary>The database, and the storage the app writes to: the media root, or the bucket with S3.</summary>
    public static IServiceCollection AddMediaHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddDbContextCheck<Data.MediaDbContext>("database");
        if (StorageOptions.BackendIsS3(configuration))
            checks.AddCheck<S3BucketHealthCheck>("s3-bucket");
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
