namespace BlazorMedia.Tests.Uploads;

/// <summary>A non-seekable stream of <paramref name="length"/> pseudo-random bytes (or endless when null) that counts
/// what was read and can fail or cancel after a given count, like a browser that disconnects mid-upload.</summary>
internal sealed class GeneratedStream(long? length, long failAfter = long.MaxValue, Action? onFail = null) : Stream
{
    private readonly Random random = new(42);

    public long Position64 { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (Position64 >= failAfter)
        {
            onFail?.Invoke();
            throw new IOException("The browser went away.");
        }
        var n = (int)Math.Min(count, Math.Min((length ?? long.MaxValue) - Position64, failAfter - Position64));
        if (n <= 0) return 0;
        random.NextBytes(buffer.AsSpan(offset, n));
        Position64 += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Position64; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
