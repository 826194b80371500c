namespace BlazorMedia.Uploads;

/// <summary>A read-only, forward-only, asynchronous-only stream over an upload: the base of the wrappers the upload
/// passes through on its way to the spooler (<see cref="PacedStream"/>, <see cref="BudgetStream"/>). Synchronous reads
/// are refused: the spooler reads asynchronously, and a wrapper's checks may await (a catalog query) or must be able to
/// cut a read short (a stalled client).</summary>
internal abstract class ForwardReadStream : Stream
{
    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public sealed override bool CanRead => true;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => false;
    public sealed override long Length => throw new NotSupportedException();
    public sealed override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public sealed override void Flush() { }
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
