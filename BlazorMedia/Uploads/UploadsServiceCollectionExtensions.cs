using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

internal static class UploadsServiceCollectionExtensions
{
    public static IServiceCollection AddMediaUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadsOptions>().BindConfiguration(UploadsOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UploadsOptions>, UploadsOptionsValidator>());
        services.TryAddSingleton<UploadSpooler>();
        services.TryAddSingleton<UploadFields>();
        services.TryAddSingleton<UploadLimiter>();
        services.TryAddScoped<UploadService>();
        services.AddHostedService<UploadTempSweepService>();
        // Large files: a ticketed streaming POST, received through the same UploadService (see Streaming/).
        services.TryAddSingleton<Streaming.StreamedUploads>();
        services.TryAddScoped<Streaming.StreamingUploadClient>();
        return services;
    }
}
