using System.Security.Cryptography;

namespace BlazorMedia.Tests.Storage;

/// <summary>A non-seekable stream that makes up <paramref name="length"/> pseudo-random bytes as it is read and hashes
/// them on the way, so a test can send hundreds of megabytes without holding them, and still check what arrived.
/// After <paramref name="failAfter"/> bytes it throws, like a dropped upload.</summary>
public sealed class GeneratedStream(long length, long failAfter = long.MaxValue) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ulong _state = 0x9E3779B97F4A7C15;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>How many bytes were handed out: a reader that stops early shows here.</summary>
    public long BytesRead => _position;

    /// <summary>SHA-256 of every byte handed out so far.</summary>
    public byte[] HashSoFar() => _hash.GetCurrentHash();

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAfter) throw new IOException("The client went away.");
        var count = (int)Math.Min(buffer.Length, Math.Min(length, failAfter) - _position);
        if (count <= 0) return 0;
        for (var i = 0; i < count; i++)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            buffer[i] = (byte)_state;
        }
        _hash.AppendData(buffer[..count]);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}

public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}

/// <summary>Holds every reader at its first read until <paramref name="gate"/> has seen all participants, so that many
/// saves are in their write phase at once, each having already picked the same free name: a real race, not a
/// sequence of saves that merely happen to run on the thread pool.</summary>
public sealed class GatedStream(byte[] content, StartingGate gate) : Stream
{
    private readonly MemoryStream _inner = new(content, writable: false);
    private bool _passed;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_passed)
        {
            _passed = true;
            await gate.ArriveAndWaitAsync();
        }
        return _inner.Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, default).GetAwaiter().GetResult();
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public sealed class StartingGate(int participants)
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task ArriveAndWaitAsync()
    {
        if (Interlocked.Increment(ref _arrived) == participants) _open.TrySetResult();
        // Bounded so a backend that serialises saves fails the test instead of hanging it.
        return _open.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
