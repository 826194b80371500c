using BlazorMedia.Spooling;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

/// <summary>Reads an upload once through a <see cref="Spool"/>: counts the bytes actually received (never the browser's
/// claim), hashes them, keeps them in memory up to <see cref="UploadsOptions.MaxMemorySize"/> and spools the rest to a
/// temp file in <see cref="UploadsOptions.TempDir"/>, and refuses the upload as soon as it crosses its limit rather than
/// after reading everything.</summary>
public sealed class UploadSpooler(IOptions<UploadsOptions> options)
{
    public string TempDir => string.IsNullOrEmpty(options.Value.TempDir) ? Path.GetTempPath() : options.Value.TempDir;

    /// <summary>Where uploads spool: <see cref="TempDir"/> once over <see cref="UploadsOptions.MaxMemorySize"/>.</summary>
    public SpoolLocation Location => new(TempDir, options.Value.MaxMemorySize);

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
