namespace BlazorMedia.Uploads;

/// <summary>At start-up, removes spool files (<see cref="Spooling.Spool"/>: uploads and thumbnail sources) a killed
/// process left in <c>Uploads:TempDir</c> (a live process deletes its own on close). Only files older than an hour, so another instance sharing the folder keeps its live spools.</summary>
internal sealed partial class UploadTempSweepService(UploadSpooler spooler, TimeProvider time, ILogger<UploadTempSweepService> logger)
    : BackgroundService
{
    public static readonly TimeSpan StaleAge = TimeSpan.FromHours(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => Sweep(stoppingToken), stoppingToken);

    internal int Sweep(CancellationToken cancellationToken = default)
    {
        var removed = 0;
        var cutoff = time.GetUtcNow().UtcDateTime - StaleAge;
        try
        {
            foreach (var path in Directory.EnumerateFiles(spooler.TempDir, SpooledUpload.TempFilePrefix + "*"))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (File.GetLastWriteTimeUtc(path) >= cutoff) continue;
                try
                {
                    File.Delete(path);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    LogSweepFailed(logger, path, e.Message);
                }
            }
        }
        catch (DirectoryNotFoundException) { }
        if (removed > 0) LogSwept(logger, removed, spooler.TempDir);
        return removed;
    }

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Removed {Count} stale upload spool files from {Folder}")]
    private static partial void LogSwept(ILogger logger, int count, string folder);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Could not remove stale upload spool file {Path}: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string path, string reason);
}
