using System.Net;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Uploads;
using BlazorMedia.Uploads.Streaming;
using Microsoft.AspNetCore.Hosting;

namespace BlazorMedia.Tests.Uploads.Streaming;

/// <summary>The streaming app with a one-second idle timeout, so a stalled body is cut while the test waits for the
/// answer (the other endpoint tests keep the default: a loaded machine must not cut their bodies).</summary>
public sealed class StallingAppFactory : StreamingAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Uploads:IdleTimeout", "00:00:01");
    }
}

/// <summary>A POST whose body stops arriving is answered with the reason, its spool file is gone, and its ticket is
/// settled at once, instead of Kestrel holding it for about B/240 seconds.</summary>
public sealed class StreamingUploadPaceTests(StallingAppFactory app) : IClassFixture<StallingAppFactory>
{
    [Fact]
    public async Task Post_BodyStallsPastTheIdleTimeout_AnsweredWithTheReasonSpoolGoneTicketSettled()
    {
        var userId = $"uploader-{Guid.NewGuid():N}";
        var issued = app.Registry.Issue("page-1", app.Fields.Report, userId);
        var stalled = new StallingContent(TestPdfs.Opaque(3 * 1024 * 1024), sendFirst: 3 * 1024 * 1024 - 1000);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/uploads/{Uri.EscapeDataString(issued.Ticket)}") { Content = stalled };
        request.Headers.Add(StreamingUploadEndpoint.FileNameHeader, "slow.pdf");
        request.Headers.Add("Cookie", TestCookies.Identity(app.Services, userId));

        // The verdict is parked while the body is still open: the server gave up on it, not the client.
        using var failSafe = new CancellationTokenSource(TimeSpan.FromSeconds(120)); // a hang fails, not blocks the lane
        var sending = http.SendAsync(request, failSafe.Token);
        await app.Registry.WhenSettledAsync(issued.UploadId, failSafe.Token);
        sending.IsCompleted.ShouldBeFalse();

        app.Registry.HasVerdict(issued.UploadId).ShouldBeTrue();
        Should.Throw<UploadRejectedException>(() => app.Registry.Claim(issued.UploadId, "page-1", "slow.pdf"))
            .Message.ShouldBe("slow.pdf was not received: nothing arrived for 1 seconds. Choose the file again.");
        Directory.GetFiles(app.SpoolDir).ShouldBeEmpty();
        stalled.Release();
        try { (await sending).Dispose(); }
        catch (HttpRequestException) { } // the server may close the connection on a body it stopped reading
    }

    /// <summary>A body that sends its first bytes and then waits until the test releases it: a stalled client.</summary>
    private sealed class StallingContent(byte[] bytes, int sendFirst) : HttpContent
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, sendFirst));
            await stream.FlushAsync();
            await _released.Task;
            throw new IOException("the stalled client gives up");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
