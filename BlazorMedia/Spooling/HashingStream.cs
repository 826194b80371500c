using System.Security.Cryptography;

namespace BlazorMedia.Spooling;

/// <summary>Passes reads through and counts and hashes (SHA-256) what actually arrives: the one hash-and-count loop
/// of the app, so uploads, thumbnails, the audit, the system check and the storage migrator cannot drift apart.
/// Read-only and forward-only.</summary>
public sealed class HashingStream(Stream inner, bool leaveOpen = true) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the bytes read so far.</summary>
    public string Sha256 => Convert.ToHexStringLower(_hash.GetCurrentHash());

    /// <summary>The SHA-256 of the bytes read so far.</summary>
    public byte[] GetHash() => _hash.GetCurrentHash();

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Append(buffer[..n]);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Append(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads <paramref name="content"/> to its end, keeping nothing: its length and SHA-256, through one
    /// 80 KB buffer whatever its size.</summary>
    public static async Task<ContentDigest> DigestAsync(Stream content, CancellationToken cancellationToken = default)
    {
        using var hashing = new HashingStream(content);
        var buffer = new byte[81920];
        while (await hashing.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0) { }
        return new ContentDigest(hashing.BytesRead, hashing.Sha256);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        _hash.AppendData(data);
        BytesRead += data.Length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen) inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>How many bytes a stream held and their lower-case hex SHA-256.</summary>
public readonly record struct ContentDigest(long Length, string Sha256);
