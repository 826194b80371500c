using System.IO.Pipelines;
using BlazorMedia.Uploads;
using Microsoft.Extensions.Time.Testing;

namespace BlazorMedia.Tests.Uploads;

/// <summary>An upload that stalls or trickles is cut with a message naming the file, on a clock the test moves.</summary>
public sealed class PacedStreamTests
{
    private static readonly UploadPace Pace = new(TimeSpan.FromSeconds(30), 4096);

    private readonly FakeTimeProvider _time = new();
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 0)); // a write never waits for the reader

    private PacedStream Stream(UploadPace? pace = null) => new(_pipe.Reader.AsStream(), "photo.png", pace ?? Pace, _time);

    private async Task SendAsync(int bytes) => await _pipe.Writer.WriteAsync(new byte[bytes]);

    [Fact]
    public async Task ReadAsync_NothingArrivesForTheIdleTimeout_RefusedNamingTheFile()
    {
        var stream = Stream();
        await SendAsync(1000);
        (await stream.ReadAsync(new byte[4096])).ShouldBe(1000);

        var pending = stream.ReadAsync(new byte[4096]).AsTask();
        _time.Advance(TimeSpan.FromSeconds(29));
        pending.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(1));

        var e = await Should.ThrowAsync<UploadRejectedException>(pending);
        e.Message.ShouldBe("photo.png was not received: nothing arrived for 30 seconds. Choose the file again.");
    }

    [Fact]
    public async Task ReadAsync_TricklesBelowTheMinimumOverAWindow_RefusedWithBothRates()
    {
        var stream = Stream();
        await SendAsync(100);
        (await stream.ReadAsync(new byte[4096])).ShouldBe(100);
        _time.Advance(TimeSpan.FromSeconds(20));
        await SendAsync(100);
        (await stream.ReadAsync(new byte[4096])).ShouldBe(100);
        _time.Advance(TimeSpan.FromSeconds(20));
        await SendAsync(100);

        var e = await Should.ThrowAsync<UploadRejectedException>(() => stream.ReadAsync(new byte[4096]).AsTask());
        e.Message.ShouldBe("photo.png was not received: it arrived at 7 bytes/s, slower than the 4 KB/s an upload needs. Choose the file again on a faster connection.");
    }

    [Fact]
    public async Task ReadAsync_SlowButAboveTheMinimumInEveryWindow_ReadsToTheEnd()
    {
        var stream = Stream();
        for (var window = 0; window < 4; window++)
        {
            await SendAsync(5000 * 31);
            (await stream.ReadAsync(new byte[256 * 1024])).ShouldBe(5000 * 31);
            _time.Advance(TimeSpan.FromSeconds(29)); // each read comes within the idle timeout
            await SendAsync(1);
            (await stream.ReadAsync(new byte[16])).ShouldBe(1);
            _time.Advance(TimeSpan.FromSeconds(2));
        }
        await _pipe.Writer.CompleteAsync();

        (await stream.ReadAsync(new byte[16])).ShouldBe(0);
    }

    [Fact]
    public async Task ReadAsync_NoMinimumRate_TrickleAllowedWhileBytesKeepComing()
    {
        var stream = Stream(Pace with { MinBytesPerSecond = 0 });
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(1);
            (await stream.ReadAsync(new byte[16])).ShouldBe(1);
            _time.Advance(TimeSpan.FromSeconds(29));
        }
    }

    [Fact]
    public async Task ReadAsync_CallerCancels_CancellationNotARefusal()
    {
        var stream = Stream();
        using var cancel = new CancellationTokenSource();
        var pending = stream.ReadAsync(new byte[16], cancel.Token).AsTask();

        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(pending);
    }
}
