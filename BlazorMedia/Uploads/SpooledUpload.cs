namespace BlazorMedia.Uploads;

/// <summary>The bytes of one upload as received: in memory when small, in a temp file when large (Django's
/// MemoryFileUploadHandler / TemporaryFileUploadHandler). The temp file is opened delete-on-close, so disposing (or
/// any exception that unwinds past the owner) removes it; a start-up sweep catches what a killed process left.</summary>
public sealed class SpooledUpload : IAsyncDisposable
{
    /// <summary>Temp files start with this, so the sweep can find them.</summary>
    public const string TempFilePrefix = "bm-upload-";

    private readonly byte[]? _memory;
    private readonly FileStream? _file;

    internal SpooledUpload(string fileName, byte[] memory, long length, string sha256)
    {
        FileName = fileName;
        this._memory = memory;
        Length = length;
        Sha256 = sha256;
    }

    internal SpooledUpload(string fileName, FileStream file, long length, string sha256)
    {
        FileName = fileName;
        this._file = file;
        Length = length;
        Sha256 = sha256;
    }

    /// <summary>The name the browser gave (untrusted; for messages and display only).</summary>
    public string FileName { get; }

    /// <summary>Bytes actually received.</summary>
    public long Length { get; }

    /// <summary>Lower-case hex SHA-256 of the bytes received.</summary>
    public string Sha256 { get; }

    public bool IsInMemory => _memory is not null;

    /// <summary>The received bytes when buffered in memory; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Memory => _memory.AsMemory(0, IsInMemory ? (int)Length : 0);

    /// <summary>Path of the spool file while this object lives (for native readers such as libvips); null in memory.</summary>
    public string? TempFilePath => _file?.Name;

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
}
