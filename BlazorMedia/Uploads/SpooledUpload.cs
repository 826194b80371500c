using BlazorMedia.Spooling;

namespace BlazorMedia.Uploads;

/// <summary>The bytes of one upload as received (a <see cref="Spool"/>: in memory when small, in a delete-on-close temp
/// file when large) and the name the browser gave them.</summary>
public sealed class SpooledUpload : IAsyncDisposable
{
    /// <summary>Temp files start with this, so the sweep can find them.</summary>
    public const string TempFilePrefix = Spool.FilePrefix;

    private readonly Spool _spool;

    internal SpooledUpload(string fileName, Spool spool)
    {
        FileName = fileName;
        _spool = spool;
    }

    /// <summary>The name the browser gave (untrusted; for messages and display only).</summary>
    public string FileName { get; }

    /// <summary>Bytes actually received.</summary>
    public long Length => _spool.Length;

    /// <summary>Lower-case hex SHA-256 of the bytes received.</summary>
    public string Sha256 => _spool.Sha256;

    public bool IsInMemory => _spool.IsInMemory;

    /// <summary>The received bytes when buffered in memory; empty otherwise.</summary>
    public ReadOnlyMemory<byte> Memory => _spool.Memory;

    /// <summary>Path of the spool file while this object lives (for native readers such as libvips); null in memory.</summary>
    public string? TempFilePath => _spool.FilePath;

    /// <summary>A fresh read-only stream over the bytes.</summary>
    public Stream OpenRead() => _spool.OpenRead();

    /// <summary>Up to <paramref name="count"/> leading bytes, for content sniffing.</summary>
    public byte[] ReadHead(int count) => _spool.ReadHead(count);

    public ValueTask DisposeAsync() => _spool.DisposeAsync();
}
