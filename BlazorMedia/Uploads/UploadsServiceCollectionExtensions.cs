using BlazorMedia.Spooling;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

internal static class UploadsServiceCollectionExtensions
{
    public static IServiceCollection AddMediaUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadsOptions>().BindConfiguration(UploadsOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UploadsOptions>, UploadsOptionsValidator>());
        // Django's FILE_UPLOAD_TEMP_DIR and FILE_UPLOAD_MAX_MEMORY_SIZE hold for every spool of the app, thumbnails too.
        services.AddSpooling().AddOptions<SpoolOptions>().Configure<IOptions<UploadsOptions>>((spool, uploads) =>
        {
            spool.Directory = uploads.Value.TempDir;
            spool.MaxMemorySize = uploads.Value.MaxMemorySize;
        });
        services.TryAddSingleton<UploadSpooler>();
        services.TryAddSingleton<UploadFields>();
        services.TryAddSingleton<UploadLimiter>();
        services.TryAddScoped<UploadService>();
        // Received-but-unsaved files of a circuit go when its connection drops, not minutes later when it is disposed.
        services.TryAddScoped<HeldUploads>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, HeldUploadsCircuitHandler>());
        services.AddHostedService<UploadTempSweepService>();
        // Large files: a ticketed streaming POST, received through the same UploadService (see Streaming/).
        services.TryAddSingleton<Streaming.StreamedUploads>();
        services.TryAddScoped<Streaming.StreamingUploadClient>();
        return services;
    }
}
