using Microsoft.Extensions.Options;

namespace BlazorMedia.Storage.FileSystem;

/// <summary>Removes temp files left by writes a crash interrupted, once per start, in the background so a large media
/// folder never delays start-up. Does nothing when the configured backend is not the file system.</summary>
internal sealed partial class TempFileSweepService(
    IFileStorage storage, IOptions<FileSystemStorageOptions> options, ILogger<TempFileSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (storage is not FileSystemStorage fileSystem) return;
        try
        {
            await fileSystem.SweepStaleTempFilesAsync(options.Value.StaleTempFileAge, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failed sweep only leaves some garbage behind; it must not stop the app.
            LogSweepFailed(logger, e);
        }
    }

    [LoggerMessage(3003, LogLevel.Warning, "Sweeping stale storage temp files failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
