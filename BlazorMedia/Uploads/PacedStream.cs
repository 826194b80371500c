namespace BlazorMedia.Uploads;

/// <summary>How fast an upload must keep arriving: <see cref="UploadsOptions.IdleTimeout"/> and
/// <see cref="UploadsOptions.MinBytesPerSecond"/>.</summary>
/// <param name="IdleTimeout">Longest wait for the next bytes.</param>
/// <param name="MinBytesPerSecond">Least average rate over each window of <paramref name="IdleTimeout"/>; 0 = none.</param>
public sealed record UploadPace(TimeSpan IdleTimeout, long MinBytesPerSecond);

/// <summary>Cuts an upload that stalls or trickles, whichever way it arrives (the streaming POST or InputFile's messages
/// over the circuit). Kestrel's own floor (240 B/s averaged over the whole request) lets a body that sends B bytes and
/// stops hold its socket and spool file for about B/240 seconds: hours for a few MB. Here a read that brings nothing for
/// <see cref="UploadPace.IdleTimeout"/> is cancelled, and each window of that length must bring
/// <see cref="UploadPace.MinBytesPerSecond"/> on average. Either refusal is an <see cref="UploadRejectedException"/>:
/// the spooler then deletes the temp file and the streaming endpoint frees the ticket with that message.</summary>
internal sealed class PacedStream(Stream inner, string fileName, UploadPace pace, TimeProvider time) : ForwardReadStream
{
    private long _windowStart = time.GetTimestamp();
    private long _windowBytes;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int n;
        using (var idle = new CancellationTokenSource(pace.IdleTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token))
        {
            try
            {
                n = await inner.ReadAsync(buffer, linked.Token);
            }
            catch (OperationCanceledException) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw Stalled(fileName, pace.IdleTimeout);
            }
        }
        CheckRate(n);
        return n;
    }

    private void CheckRate(int n)
    {
        _windowBytes += n;
        if (n == 0 || pace.MinBytesPerSecond <= 0) return;
        var elapsed = time.GetElapsedTime(_windowStart);
        if (elapsed < pace.IdleTimeout) return;
        var rate = _windowBytes / elapsed.TotalSeconds;
        if (rate < pace.MinBytesPerSecond)
            throw new UploadRejectedException(fileName,
                $"was not received: it arrived at {Format.Bytes((long)rate)}/s, slower than the {Format.Bytes(pace.MinBytesPerSecond)}/s an upload needs. Choose the file again on a faster connection.");
        _windowStart = time.GetTimestamp();
        _windowBytes = 0;
    }

    internal static UploadRejectedException Stalled(string fileName, TimeSpan idle) =>
        new(fileName, $"was not received: nothing arrived for {idle.TotalSeconds:0} seconds. Choose the file again.");
}
