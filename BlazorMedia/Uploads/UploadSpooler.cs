using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

/// <summary>Reads an incoming stream once: counts the bytes actually received (never the browser's claim), hashes
/// them, keeps them in memory up to <see cref="UploadsOptions.MaxMemorySize"/> and spools the rest to a temp file,
/// and refuses the upload as soon as it crosses its limit rather than after reading everything.</summary>
public sealed class UploadSpooler(IOptions<UploadsOptions> options)
{
    private const int ChunkSize = 64 * 1024;

    public string TempDir => string.IsNullOrEmpty(options.Value.TempDir) ? Path.GetTempPath() : options.Value.TempDir;

    /// <param name="source">What the browser sends; read to its end.</param>
    /// <param name="fileName">Untrusted display name, used in messages.</param>
    /// <param name="maxSize">Largest accepted size in bytes.</param>
    /// <param name="fieldLabel">The field's label for messages ("Avatar").</param>
    /// <param name="progress">Receives the running count of bytes received.</param>
    public async Task<SpooledUpload> SpoolAsync(Stream source, string fileName, long maxSize, string fieldLabel,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var memoryLimit = Math.Min(options.Value.MaxMemorySize, maxSize);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var memory = new MemoryStream();
        FileStream? spool = null;
        long received = 0;
        try
        {
            int n;
            while ((n = await source.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                received += n;
                if (received > maxSize)
                    throw new UploadRejectedException(fileName, $"is larger than the {Format.Bytes(maxSize)} allowed for {fieldLabel}.");
                sha.AppendData(chunk, 0, n);
                if (spool is null && received > memoryLimit)
                {
                    spool = CreateTempFile();
                    await spool.WriteAsync(memory.GetBuffer().AsMemory(0, (int)memory.Length), cancellationToken);
                    memory = new MemoryStream(0);
                }
                if (spool is null) memory.Write(chunk, 0, n);
                else await spool.WriteAsync(chunk.AsMemory(0, n), cancellationToken);
                progress?.Report(received);
            }

            var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (spool is null) return new SpooledUpload(fileName, memory.GetBuffer(), received, hash);
            await spool.FlushAsync(cancellationToken);
            var spooled = new SpooledUpload(fileName, spool, received, hash);
            spool = null; // owned by the result now
            return spooled;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            if (spool is not null) await spool.DisposeAsync(); // refusal, exception or cancellation: the temp file goes
        }
    }

    private FileStream CreateTempFile() => new(
        Path.Combine(TempDir, $"{SpooledUpload.TempFilePrefix}{Guid.NewGuid():N}"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1, // no extra buffering: chunks are large
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
