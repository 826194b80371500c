using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace BlazorMedia.Storage.AzureBlob;

/// <summary>A blob read from one GET's response that can also seek, for the media endpoint's byte ranges: a seek ahead
/// within <see cref="SkipLimit"/> reads and drops the bytes between; any other seek closes the response and the next
/// read asks for the rest from there, of the same version (<c>If-Match</c> the first response's ETag: a blob replaced
/// meanwhile fails the read rather than mixing two versions).</summary>
internal sealed class AzureBlobReadStream(BlockBlobClient blob, Stream first, long length, ETag etag) : Stream
{
    /// <summary>Seeking ahead by up to this much reads through instead of making a new request.</summary>
    private const long SkipLimit = 256 << 10;

    private Stream? _body = first;
    private long _bodyPosition;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return target;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0) return 0;
        if (_body is not null && _position != _bodyPosition)
        {
            if (_position > _bodyPosition && _position - _bodyPosition <= SkipLimit) await SkipAsync(cancellationToken).ConfigureAwait(false);
            else await CloseBodyAsync().ConfigureAwait(false);
        }
        if (_body is null)
        {
            var response = await blob.DownloadStreamingAsync(new BlobDownloadOptions
            {
                Range = new HttpRange(_position),
                Conditions = new BlobRequestConditions { IfMatch = etag },
            }, cancellationToken).ConfigureAwait(false);
            _body = response.Value.Content;
            _bodyPosition = _position;
        }
        var read = await _body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _bodyPosition += read;
        _position += read;
        return read;
    }

    private async Task SkipAsync(CancellationToken cancellationToken)
    {
        var scratch = new byte[Math.Min(81920, _position - _bodyPosition)];
        while (_bodyPosition < _position)
        {
            var read = await _body!.ReadAsync(scratch.AsMemory(0, (int)Math.Min(scratch.Length, _position - _bodyPosition)),
                cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new IOException($"'{blob.Name}' ended before its length.");
            _bodyPosition += read;
        }
    }

    private async ValueTask CloseBodyAsync()
    {
        if (_body is not null) await _body.DisposeAsync().ConfigureAwait(false);
        _body = null;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _body?.Dispose();
        _body = null;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseBodyAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
