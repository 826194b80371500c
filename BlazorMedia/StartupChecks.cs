using System.Data.Common;
using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Features.Account;
using BlazorMedia.Imaging;
using BlazorMedia.Storage;
using BlazorMedia.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorMedia;

/// <summary>Validates every options class and applies migrations before the server starts.</summary>
internal static partial class StartupChecks
{
    public static async Task<bool> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("BlazorMedia.Startup");
        var failures = new List<string>();
        Check<MediaOptions>(services, failures);
        Check<UploadsOptions>(services, failures);
        Check<StorageOptions>(services, failures);
        Check<DatabaseOptions>(services, failures);
        Check<AccountsOptions>(services, failures);
        Check<Media.MediaServingOptions>(services, failures);
        Check<KeyRingOptions>(services, failures);
        Check<ImagingOptions>(services, failures);
        if (failures.Count > 0)
        {
            foreach (var f in failures) LogBadSetting(logger, f);
            return false;
        }
        if (!CheckImagingEngine(services, logger)) return false;

        var keyRing = services.GetRequiredService<IOptions<KeyRingOptions>>().Value;
        if (services.GetRequiredService<IHostEnvironment>().IsProduction() && string.IsNullOrWhiteSpace(keyRing.CertificateFile))
            LogKeysUnencrypted(logger, keyRing.Store);

        var db = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (!db.MigrateOnStartup) return true;
        try
        {
            var factory = services.GetRequiredService<IDbContextFactory<MediaDbContext>>();
            await using var context = await factory.CreateDbContextAsync(cancellationToken);
            await LegacyHistory.AdoptAsync(context, logger, cancellationToken);
            await context.Database.MigrateAsync(cancellationToken);
            await CatalogFolders.BackfillAsync(context, cancellationToken);
            return true;
        }
        catch (LegacyDatabaseException e)
        {
            LogDatabaseNotUpgradable(logger, db.Provider, e.Message);
            return false;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or TimeoutException or ArgumentException)
        {
            LogDatabaseUnavailable(logger, db.Provider, Describe(e));
            return false;
        }
    }

    /// <summary>The image engine proves at start-up that it decodes what we accept and nothing else (libvips: every
    /// loader but JPEG, PNG, WebP and GIF blocked); a server that could parse TIFF or HEIF from user bytes must not
    /// start.</summary>
    private static bool CheckImagingEngine(IServiceProvider services, ILogger logger)
    {
        var kind = services.GetRequiredService<IOptions<ImagingOptions>>().Value.Engine;
        IReadOnlyList<string> problems;
        try
        {
            problems = services.GetRequiredService<IImageEngine>().SelfCheck();
        }
        catch (InvalidOperationException e)
        {
            problems = [e.Message]; // the native library failed to start
        }
        foreach (var problem in problems) LogImagingUnsafe(logger, kind, problem);
        return problems.Count == 0;
    }

    private static void Check<T>(IServiceProvider services, List<string> failures) where T : class
    {
        try { _ = services.GetRequiredService<IOptions<T>>().Value; }
        catch (OptionsValidationException e) { failures.AddRange(e.Failures); }
        catch (InvalidOperationException e) { failures.Add(e.Message); } // binder: a value of the wrong type
    }

    private static string Describe(Exception e)
    {
        // The innermost message says what actually failed (refused connection, bad password, unknown host).
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Critical, Message = "Bad setting: {Problem}")]
    private static partial void LogBadSetting(ILogger logger, string problem);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "Imaging ({Engine}) refused to start: {Problem}")]
    private static partial void LogImagingUnsafe(ILogger logger, ImagingEngine engine, string problem);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Data Protection keys (sign-in cookies, antiforgery, the media signing key) are stored unencrypted in the {Store} store; set DataProtection:CertificateFile to encrypt them at rest")]
    private static partial void LogKeysUnencrypted(ILogger logger, string store);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "Database ({Provider}) unavailable: {Problem}. Check ConnectionStrings:{Provider}.")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string provider, string problem);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "Database ({Provider}) cannot be upgraded: {Problem}.")]
    private static partial void LogDatabaseNotUpgradable(ILogger logger, string provider, string problem);
}
