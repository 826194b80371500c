using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Uploads;

internal static class UploadsServiceCollectionExtensions
{
    public static IServiceCollection AddMediaUploads(this IServiceCollection services)
    {
        services.TryAddSingleton<UploadSpooler>();
        services.TryAddSingleton<UploadFields>();
        services.TryAddSingleton<UploadLimiter>();
        services.TryAddScoped<UploadService>();
        services.AddHostedService<UploadTempSweepService>();
        return services;
    }
}
