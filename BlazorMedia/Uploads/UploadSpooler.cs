using BlazorMedia.Spooling;
using BlazorMedia.Storage;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

/// <summary>Reads an upload once through a <see cref="Spool"/>: counts the bytes actually received (never the browser's
/// claim), hashes them, keeps them in memory up to <see cref="UploadsOptions.MaxMemorySize"/> and spools the rest to a
/// temp file in <see cref="UploadsOptions.TempDir"/>, and refuses the upload as soon as it crosses its limit rather than
/// after reading everything.</summary>
/// <remarks>When the storage keeps its files on this machine (<see cref="ILocalFileIntake"/>: the file system backend),
/// large uploads spool into its hidden intake folder instead, with write-behind, so Save moves the spool file into
/// place (<see cref="IFileStorage.SaveFileAsync"/>): one write of the bytes, like Django's <c>file_move_safe</c>.</remarks>
public sealed class UploadSpooler(IOptions<UploadsOptions> options, IFileStorage? storage = null)
{
    public string TempDir => string.IsNullOrEmpty(options.Value.TempDir) ? Path.GetTempPath() : options.Value.TempDir;

    /// <summary>Where uploads spool once over <see cref="UploadsOptions.MaxMemorySize"/>: the storage's intake folder
    /// when it has one, else <see cref="TempDir"/>.</summary>
    public SpoolLocation Location => storage is ILocalFileIntake intake
        ? new(intake.GetIntakeFolder(), options.Value.MaxMemorySize, SpoolLocation.DefaultWriteBehindWindow)
        : new(TempDir, options.Value.MaxMemorySize);

    /// <param name="source">What the browser sends; read to its end.</param>
    /// <param name="fileName">Untrusted display name, used in messages.</param>
    /// <param name="maxSize">Largest accepted size in bytes.</param>
    /// <param name="fieldLabel">The field's label for messages ("Avatar").</param>
    /// <param name="progress">Receives the running count of bytes received.</param>
    public async Task<SpooledUpload> SpoolAsync(Stream source, string fileName, long maxSize, string fieldLabel,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return new SpooledUpload(fileName,
                await Spool.ReadAsync(source, Location, maxSize, progress, cancellationToken));
        }
        catch (SpoolLimitExceededException)
        {
            throw new UploadRejectedException(fileName, $"is larger than the {Format.Bytes(maxSize)} allowed for {fieldLabel}.");
        }
    }
}
