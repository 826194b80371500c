using System.Buffers;

namespace BlazorMedia.Spooling;

/// <summary>The bytes of a stream read once: in memory when small, in a temp file when large (Django's
/// MemoryFileUploadHandler / TemporaryFileUploadHandler), counted and hashed on the way in (<see cref="HashingStream"/>).
/// The temp file is opened delete-on-close, so disposing (or any exception that unwinds past the owner) removes it;
/// a start-up sweep catches what a killed process left (files named <see cref="FilePrefix"/>…).</summary>
public sealed class Spool : IAsyncDisposable
{
    /// <summary>Every spool file's name starts with this, so a sweep can find them.</summary>
    public const string FilePrefix = "bm-spool-";

    private const int ChunkSize = 64 * 1024;

    private readonly byte[]? _memory;
    private readonly FileStream? _file;

    private Spool(byte[]? memory, FileStream? file, long length, string sha256)
    {
        _memory = memory;
        _file = file;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>Bytes read.</summary>
    public long Length { get; }

    /// <summary>Lower-case hex SHA-256 of the bytes read.</summary>
    public string Sha256 { get; }

    public bool IsInMemory => _memory is not null;

    /// <summary>The bytes when buffered in memory; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Memory => _memory.AsMemory(0, IsInMemory ? (int)Length : 0);

    /// <summary>Path of the spool file while this object lives (for native readers such as libvips); null in memory.</summary>
    public string? FilePath => _file?.Name;

    /// <summary>Reads <paramref name="source"/> to its end into a spool at <paramref name="location"/>: memory up to its
    /// <see cref="SpoolLocation.MaxMemorySize"/>, then a temp file in its folder. Throws
    /// <see cref="SpoolLimitExceededException"/> as soon as more than <paramref name="maxLength"/> bytes arrive, rather
    /// than after reading everything; on that, any other exception or cancellation, nothing is left behind.</summary>
    /// <param name="progress">Receives the running count of bytes read.</param>
    public static async Task<Spool> ReadAsync(Stream source, SpoolLocation location, long maxLength = long.MaxValue,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(location);
        var memoryLimit = Math.Min(location.MaxMemorySize, maxLength);
        using var hashing = new HashingStream(source);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var memory = new MemoryStream();
        FileStream? file = null;
        WriteBehind? writeBehind = null;
        try
        {
            int n;
            while ((n = await hashing.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                if (hashing.BytesRead > maxLength)
                    throw new SpoolLimitExceededException(maxLength);
                if (file is null && hashing.BytesRead > memoryLimit)
                {
                    file = CreateFile(location.Directory);
                    if (location.WriteBehindWindow > 0) writeBehind = new WriteBehind(file.SafeFileHandle, location.WriteBehindWindow);
                    await file.WriteAsync(memory.GetBuffer().AsMemory(0, (int)memory.Length), cancellationToken);
                    memory = new MemoryStream(0);
                }
                if (file is null) memory.Write(chunk, 0, n);
                else
                {
                    await file.WriteAsync(chunk.AsMemory(0, n), cancellationToken);
                    writeBehind?.Written(hashing.BytesRead);
                }
                progress?.Report(hashing.BytesRead);
            }

            if (file is null) return new Spool(memory.GetBuffer(), null, hashing.BytesRead, hashing.Sha256);
            await file.FlushAsync(cancellationToken);
            var spool = new Spool(null, file, hashing.BytesRead, hashing.Sha256);
            file = null; // owned by the spool now
            return spool;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            if (file is not null) await file.DisposeAsync(); // refusal, exception or cancellation: the temp file goes
        }
    }

    /// <summary>A fresh read-only stream over the bytes.</summary>
    public Stream OpenRead() => _memory is not null
        ? new MemoryStream(_memory, 0, (int)Length, writable: false)
        : new FileStream(_file!.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.SequentialScan);

    /// <summary>Up to <paramref name="count"/> leading bytes, for content sniffing.</summary>
    public byte[] ReadHead(int count)
    {
        if (_memory is not null) return _memory.AsSpan(0, (int)Math.Min(count, Length)).ToArray();
        var head = new byte[Math.Min(count, Length)];
        RandomAccess.Read(_file!.SafeFileHandle, head, 0);
        return head;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null) await _file.DisposeAsync(); // delete-on-close removes the temp file
    }

    private static FileStream CreateFile(string directory) => new(
        Path.Combine(directory, $"{FilePrefix}{Guid.NewGuid():N}"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1, // no extra buffering: chunks are large
        FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}

/// <summary>Where a spool goes once it outgrows memory, and when. A parameter of every spool rather than a setting
/// read inside, so a caller can spool elsewhere (for example into a hidden folder of the media root, to move the file
/// into storage by renaming it).</summary>
/// <param name="Directory">Folder for the temp file; it must exist.</param>
/// <param name="MaxMemorySize">Streams up to this many bytes stay in memory.</param>
/// <param name="WriteBehindWindow">When over 0, the temp file is flushed to disk every this many bytes while it is
/// written (<see cref="WriteBehind"/>), for a spool that becomes a stored file and is fsync'ed then: that final fsync
/// stays short. 0 (default): the page cache decides, right for a spool that is only read back.</param>
public sealed record SpoolLocation(string Directory, long MaxMemorySize, long WriteBehindWindow = 0)
{
    /// <summary>The window uploads spooled into storage use: 8 MiB.</summary>
    public const long DefaultWriteBehindWindow = 8 << 20;
}

/// <summary>More bytes arrived than the spool's limit allows; reading stopped there.</summary>
public sealed class SpoolLimitExceededException(long limit)
    : Exception($"The stream is longer than its limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
