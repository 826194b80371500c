namespace BlazorMedia.Uploads;

/// <summary>Counts what an upload stream delivers against the user's <see cref="UploadBudget"/> while it is read, so a
/// stream that crosses the daily budget or the quota is cut off at that point (the spooler then deletes its temp file)
/// instead of being read to its end and refused afterwards. Read-only, forward-only, asynchronous only.</summary>
internal sealed class BudgetStream(Stream inner, UploadBudget budget) : Stream
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        await budget.AddAsync(n, cancellationToken);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The spooler reads asynchronously; a synchronous read would have to block on the catalog query behind a refusal.
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
