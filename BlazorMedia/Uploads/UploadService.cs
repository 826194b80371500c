using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Imaging;
using BlazorMedia.Security;
using BlazorMedia.Storage;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

/// <summary>Turns what a browser sends into a validated file (<see cref="ReceiveAsync(Stream, string, UploadField, Caller, IProgress{long}?, CancellationToken)"/>) and a validated file into
/// stored bytes, thumbnails and an unsaved catalog row (<see cref="StoreAsync"/>). The two steps are apart so a form
/// can show the verdict at once and store only on Save. Every refusal is an <see cref="UploadRejectedException"/>
/// naming the file and the reason, and leaves nothing behind.</summary>
public sealed partial class UploadService(
    UploadSpooler spooler,
    UploadLimiter limiter,
    ImageInspector images,
    IFileStorage storage,
    ThumbnailService thumbnails,
    IOptions<UploadsOptions> options,
    TimeProvider time,
    IDbContextFactory<MediaDbContext> dbFactory,
    ILogger<UploadService> logger)
{

    /// <summary>Receives one file from an <c>InputFile</c>. Blazor refuses a declared size over the limit before any
    /// byte travels; the spooler then counts what really arrives, so a lying browser is refused too. The caller's
    /// per-user limits are checked first with the declared size, then enforced on the bytes read.</summary>
    public async Task<ReceivedFile> ReceiveAsync(IBrowserFile file, UploadField field, Caller caller, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var name = DisplayName.Clean(file.Name);
        var budget = await limiter.BeginAsync(caller, name, file.Size, cancellationToken);
        Stream stream;
        try
        {
            stream = file.OpenReadStream(field.MaxSize, cancellationToken);
        }
        catch (IOException)
        {
            await budget.DisposeAsync();
            throw TooLarge(name, field);
        }
        await using (stream)
            return await ReceiveAsync(stream, name, field, budget, progress, cancellationToken);
    }

    /// <summary>Receives one file from a stream for <paramref name="caller"/>, within their per-user limits.
    /// <paramref name="fileName"/> is the name as sent; what is kept and shown is its <see cref="DisplayName"/>.</summary>
    public async Task<ReceivedFile> ReceiveAsync(Stream source, string fileName, UploadField field, Caller caller,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        fileName = DisplayName.Clean(fileName);
        var budget = await limiter.BeginAsync(caller, fileName, null, cancellationToken);
        return await ReceiveAsync(source, fileName, field, budget, progress, cancellationToken);
    }

    private async Task<ReceivedFile> ReceiveAsync(Stream source, string fileName, UploadField field, UploadBudget budget,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        SpooledUpload spooled;
        try
        {
            var paced = new PacedStream(source, fileName, options.Value.Pace, time);
            spooled = await spooler.SpoolAsync(new BudgetStream(paced, budget), fileName, field.MaxSize, field.Label, progress, cancellationToken);
        }
        catch
        {
            await budget.DisposeAsync();
            throw;
        }
        try
        {
            if (field.Kind == UploadKind.Document || (field.Kind == UploadKind.ImageOrDocument && !ImageSignature.Matches(spooled)))
                return new ReceivedFile(field, spooled, DocumentSniffer.Detect(spooled), null, null, null) { Budget = budget };

            if (spooled.Length == 0)
                throw new UploadRejectedException(fileName, "is empty.");
            var image = spooled.IsInMemory ? ImageSource.FromMemory(spooled.Memory) : ImageSource.FromFile(spooled.TempFilePath!);
            // CPU-bound native work: keep it off the circuit's synchronization context.
            var normalized = await Task.Run(() => images.Normalize(image, field.ImageLimits ?? ImageLimits.General, cancellationToken), cancellationToken);
            var info = normalized.Info;
            return new ReceivedFile(field, spooled, new DetectedType(info.ContentType, info.Extension, "image"),
                normalized.Bytes, info.Width, info.Height) { Budget = budget };
        }
        catch (ImageRejectedException e)
        {
            await budget.DisposeAsync();
            await spooled.DisposeAsync();
            throw new UploadRejectedException(fileName, e.Message.EndsWith('.') ? e.Message : e.Message + ".");
        }
        catch
        {
            await budget.DisposeAsync();
            await spooled.DisposeAsync();
            throw;
        }
    }

    /// <summary>Receives a selection: at most <c>Uploads:MaxFiles</c> files, each with its own result, so one bad
    /// file never hides or blocks the others.</summary>
    public async Task<IReadOnlyList<UploadResult>> ReceiveAllAsync(IReadOnlyList<IBrowserFile> files, UploadField field,
        Caller caller, CancellationToken cancellationToken = default)
    {
        var max = options.Value.MaxFiles;
        var results = new List<UploadResult>(files.Count);
        foreach (var (file, index) in files.Select((f, i) => (f, i)))
        {
            if (index >= max)
            {
                var name = DisplayName.Clean(file.Name);
                results.Add(UploadResult.Refused(name, $"{name} was not uploaded: at most {max} files can be uploaded at once."));
                continue;
            }
            try
            {
                results.Add(UploadResult.Accepted(await ReceiveAsync(file, field, caller, null, cancellationToken)));
            }
            catch (UploadRejectedException e)
            {
                results.Add(UploadResult.Refused(e.FileName, e.Message));
            }
        }
        return results;
    }

    /// <summary>Stores the bytes under the field's upload-to name and, for images, the thumbnails; returns the catalog
    /// row to add in the caller's transaction and every name written, which the caller deletes if its commit fails.</summary>
    public Task<StoredUpload> StoreAsync(ReceivedFile file, string? ownerId, CancellationToken cancellationToken = default) =>
        StoreAsAsync(file, file.Field.UploadTo.GenerateName(file.OriginalName, file.Type.Extension, time), ownerId, cancellationToken);

    /// <summary><see cref="StoreAsync"/> under a name the caller chose (the media library's folder + cleaned file
    /// name). Storage never overwrites: a taken name gets a random suffix, and the row holds the name used.</summary>
    public async Task<StoredUpload> StoreAsAsync(ReceivedFile file, string name, string? ownerId, CancellationToken cancellationToken = default)
    {
        var written = new List<string>();
        name = await FreeInCatalogAsync(name, cancellationToken);
        try
        {
            if (file.SpoolFilePath is { } spooled) // a large document: storage moves the spool file in where it can
                written.Add(await storage.SaveFileAsync(name, spooled, cancellationToken));
            else
                await using (var content = file.OpenRead())
                    written.Add(await storage.SaveAsync(name, content, cancellationToken));

            if (file.Width is not null) // an image, decoded and re-encoded by ReceiveAsync
                foreach (var alias in ThumbnailAlias.All)
                {
                    var thumb = ThumbnailNames.For(file.Sha256, alias);
                    // Content-addressed: an identical image stored before already has it, and owns it.
                    if (await storage.ExistsAsync(thumb, cancellationToken)) continue;
                    written.Add(await thumbnails.GetOrCreateAsync(written[0], alias, cancellationToken));
                }

            var row = new StoredFile
            {
                Name = written[0],
                Size = file.Size,
                Sha256 = file.Sha256,
                ContentType = file.Type.ContentType,
                Width = file.Width,
                Height = file.Height,
                OriginalName = Truncate(file.OriginalName, 255),
                OwnerId = ownerId,
                CreatedUtc = time.GetUtcNow().UtcDateTime,
            };
            return new StoredUpload(row, written);
        }
        catch
        {
            await DeleteQuietlyAsync(written);
            throw;
        }
    }

    /// <summary>Storage picks a free name by asking storage, but the catalog's unique index on Name can still hold a
    /// row whose bytes were deleted outside the app. Storing there would write fresh bytes under a stranger's row and
    /// then fail the insert; a name the catalog holds gets a random suffix instead, as a taken file would. The stale
    /// row is left for <c>check</c> to report (it is someone's record, not ours to drop). A row added between this
    /// look and the caller's insert still fails the insert, which deletes the bytes.</summary>
    private async Task<string> FreeInCatalogAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidate = name;
        for (var attempt = 1; await db.StoredFiles.AnyAsync(f => f.Name == candidate, cancellationToken); attempt++)
        {
            if (attempt == 1) LogCatalogNameTaken(logger, name);
            if (attempt >= StorageNames.MaxNameAttempts)
                throw StorageNames.Refused(name, $"no name free in the catalog was found after {StorageNames.MaxNameAttempts} attempts");
            candidate = StorageNames.WithRandomSuffix(name, StorageNames.MaxNameLength);
        }
        return candidate;
    }

    /// <summary>Deletes names, logging instead of throwing: used on failure paths, where the first error matters.</summary>
    public async Task DeleteQuietlyAsync(IEnumerable<string> names)
    {
        foreach (var name in names)
            try
            {
                await storage.DeleteAsync(name, CancellationToken.None);
            }
            catch (Exception e) when (e is StorageException or IOException)
            {
                LogDeleteFailed(logger, name, e.Message);
            }
    }

    /// <summary>The refusal for a file over its field's limit; the streaming endpoint gives the same one for a declared length.</summary>
    internal static UploadRejectedException TooLarge(string fileName, UploadField field) =>
        new(fileName, $"is larger than the {Format.Bytes(field.MaxSize)} allowed for {field.Label}.");

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "The catalog already lists '{Name}' but storage has no such file (deleted outside the app?); storing under a suffixed name. `check` reports the missing file")]
    private static partial void LogCatalogNameTaken(ILogger logger, string name);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Could not delete '{Name}' after a failed upload: {Reason}; the orphan sweep will remove it")]
    private static partial void LogDeleteFailed(ILogger logger, string name, string reason);
}

/// <summary>Stored bytes and the catalog row describing them (not yet saved), with every storage name written.</summary>
public sealed record StoredUpload(StoredFile Row, IReadOnlyList<string> WrittenNames);

/// <summary>One file's verdict in a multi-file selection.</summary>
public sealed record UploadResult(string FileName, ReceivedFile? File, string? Error)
{
    public static UploadResult Accepted(ReceivedFile file) => new(file.OriginalName, file, null);

    public static UploadResult Refused(string fileName, string error) => new(fileName, null, error);
}
