using System.Security.Cryptography;

namespace BlazorMedia.Uploads;

/// <summary>An upload that arrived whole and passed its field's checks, not yet stored. Holds the bytes to store:
/// the re-encoded image for images, the spooled bytes for documents. Dispose it (the spool's temp file goes with it).</summary>
public sealed class ReceivedFile : IAsyncDisposable
{
    private readonly SpooledUpload _spooled;
    private readonly byte[]? _encoded;

    internal ReceivedFile(UploadField field, SpooledUpload spooled, DetectedType type, byte[]? encoded, int? width, int? height)
    {
        Field = field;
        this._spooled = spooled;
        this._encoded = encoded;
        Type = type;
        Width = width;
        Height = height;
        Size = encoded?.LongLength ?? spooled.Length;
        Sha256 = encoded is null ? spooled.Sha256 : Convert.ToHexStringLower(SHA256.HashData(encoded));
    }

    public UploadField Field { get; }

    /// <summary>The browser's file name: display and download name only, never a storage name.</summary>
    public string OriginalName => _spooled.FileName;

    public DetectedType Type { get; }

    public int? Width { get; }

    public int? Height { get; }

    /// <summary>Size of the bytes that will be stored.</summary>
    public long Size { get; }

    /// <summary>SHA-256 of the bytes that will be stored.</summary>
    public string Sha256 { get; }

    /// <summary>Bytes received from the browser (before any re-encoding).</summary>
    public long ReceivedBytes => _spooled.Length;

    /// <summary>This upload's reservation against its user's daily budget and quota, released with the file.</summary>
    internal UploadBudget? Budget { get; init; }

    /// <summary>The spool file holding exactly the bytes to store, or null (in memory, or a re-encoded image). Storage
    /// may take it as it is (<see cref="Storage.IFileStorage.SaveFileAsync"/>); it still goes when this is disposed.</summary>
    internal string? SpoolFilePath => _encoded is null ? _spooled.TempFilePath : null;

    public Stream OpenRead() => _encoded is null ? _spooled.OpenRead() : new MemoryStream(_encoded, writable: false);

    public async ValueTask DisposeAsync()
    {
        if (Budget is not null) await Budget.DisposeAsync();
        await _spooled.DisposeAsync();
    }
}
