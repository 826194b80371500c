using System.Text.Json;
using BlazorMedia.Configuration;
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

internal static class HealthEndpoint
{
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
