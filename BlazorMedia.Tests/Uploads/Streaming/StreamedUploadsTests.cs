using BlazorMedia.Features.Account;
using BlazorMedia.Configuration;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Uploads;
using BlazorMedia.Uploads.Streaming;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Uploads.Streaming;

/// <summary>The streaming-upload registry: a ticket opens one POST for its user, only the page session that asked
/// can claim the result, and nothing unclaimed outlives its lifetime or its session.</summary>
public sealed class StreamedUploadsTests : IAsyncLifetime
{
    private readonly ProfileHarness h = new();
    // Starts at the real time: the data protector checks its own expiry with the system clock.
    private readonly ManualClock clock = new(DateTimeOffset.UtcNow);
    private readonly StreamedUploads registry;

    public StreamedUploadsTests() =>
        registry = new StreamedUploads(new EphemeralDataProtectionProvider(),
            Options.Create(new UploadsOptions { StreamingTicketLifetime = TimeSpan.FromMinutes(10) }), clock,
            NullLogger<StreamedUploads>.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        await h.DisposeAsync();
    }

    /// <summary>A received report big enough to spool to disk, so leaks show up as files in the spool folder.</summary>
    private Task<ReceivedFile> SpooledReportAsync() =>
        h.Uploads.ReceiveAsync(new MemoryStream(LargePdf(3 * 1024 * 1024)), "big.pdf", h.Fields.Report, Caller.Operator);

    internal static byte[] LargePdf(int size)
    {
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    [Fact]
    public async Task Claim_AfterOpenAndComplete_ReturnsTheFileToItsSession()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, "user-1");
        var opened = registry.Open(issued.Ticket, "user-1");
        var file = await SpooledReportAsync();
        await registry.CompleteAsync(opened.UploadId, file);

        var claimed = registry.Claim(issued.UploadId, "page-1", "big.pdf");

        claimed.ShouldBeSameAs(file);
        opened.Field.ShouldBe(h.Fields.Report);
        registry.Count.ShouldBe(0);
        await claimed.DisposeAsync();
    }

    [Fact]
    public void Open_ForgedTicket_RefusedWithClearMessage()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        var forged = issued.Ticket[..^4] + (issued.Ticket.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var e = Should.Throw<UploadTicketException>(() => registry.Open(forged, null));

        e.StatusCode.ShouldBe(403);
        e.Message.ShouldBe("This upload link is not valid or has expired. Choose the file again.");
    }

    [Fact]
    public void Open_TicketFromAnotherRegistry_Refused()
    {
        var other = new StreamedUploads(new EphemeralDataProtectionProvider(), Options.Create(new UploadsOptions()), clock,
            NullLogger<StreamedUploads>.Instance);
        var issued = other.Issue("page-1", h.Fields.Report, null);

        Should.Throw<UploadTicketException>(() => registry.Open(issued.Ticket, null)).StatusCode.ShouldBe(403);
    }

    [Fact]
    public void Open_UsedTwice_SecondRefused()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        registry.Open(issued.Ticket, null);

        var e = Should.Throw<UploadTicketException>(() => registry.Open(issued.Ticket, null));

        e.StatusCode.ShouldBe(409);
        e.Message.ShouldBe("This upload link has already been used. Choose the file again.");
    }

    [Fact]
    public void Open_ReplayOfARefusedPost_GetsTheSameRefusalAndTheVerdictStaysClaimable()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        var opened = registry.Open(issued.Ticket, null);
        var refusal = new UploadRejectedException("big.pdf", "is larger than the 2 MB allowed for Report file.");
        registry.Fail(opened.UploadId, refusal);

        var replay = registry.Open(issued.Ticket, null);

        replay.Refused.ShouldBeSameAs(refusal);
        Should.Throw<UploadRejectedException>(() => registry.Claim(opened.UploadId, "page-1", "big.pdf")).ShouldBeSameAs(refusal);
    }

    [Fact]
    public void Open_AfterLifetime_RefusedAsExpired()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        clock.Advance(TimeSpan.FromMinutes(11));

        var e = Should.Throw<UploadTicketException>(() => registry.Open(issued.Ticket, null));

        e.StatusCode.ShouldBe(410);
        e.Message.ShouldBe("This upload link is not valid or has expired. Choose the file again.");
    }

    [Fact]
    public void Open_ByAnotherUser_Refused()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, "user-1");

        Should.Throw<UploadTicketException>(() => registry.Open(issued.Ticket, "user-2")).Message
            .ShouldBe("This upload link belongs to another user. Choose the file again.");
        Should.Throw<UploadTicketException>(() => registry.Open(issued.Ticket, null)).StatusCode.ShouldBe(403);
    }

    [Fact]
    public async Task Claim_ByAnotherSession_RefusedAndTheOwnerStillGetsIt()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        registry.Open(issued.Ticket, null);
        await registry.CompleteAsync(issued.UploadId, await SpooledReportAsync());

        Should.Throw<UploadRejectedException>(() => registry.Claim(issued.UploadId, "page-2", "big.pdf")).Message
            .ShouldBe("big.pdf was not received: the upload belongs to another page or has expired. Choose the file again.");

        await using var file = registry.Claim(issued.UploadId, "page-1", "big.pdf");
        file.OriginalName.ShouldBe("big.pdf");
    }

    [Fact]
    public void Claim_RefusedUpload_ThrowsTheServicesRefusal()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        registry.Open(issued.Ticket, null);
        registry.Fail(issued.UploadId, new UploadRejectedException("x.exe", "is not a document of an accepted type."));

        Should.Throw<UploadRejectedException>(() => registry.Claim(issued.UploadId, "page-1", "x.exe")).Message
            .ShouldBe("x.exe is not a document of an accepted type.");
        registry.Count.ShouldBe(0);
    }

    [Fact]
    public async Task ReleaseSession_UnclaimedFile_DisposedWithItsSpoolFile()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        var unused = registry.Issue("page-1", h.Fields.Report, null);
        var otherPage = registry.Issue("page-2", h.Fields.Report, null);
        registry.Open(issued.Ticket, null);
        await registry.CompleteAsync(issued.UploadId, await SpooledReportAsync());
        Directory.GetFiles(h.SpoolDir).Length.ShouldBe(1);

        await registry.ReleaseSessionAsync("page-1");

        Directory.GetFiles(h.SpoolDir).ShouldBeEmpty();
        Should.Throw<UploadTicketException>(() => registry.Open(unused.Ticket, null)).StatusCode.ShouldBe(410);
        registry.Count.ShouldBe(1); // page-2's ticket is untouched
        registry.Open(otherPage.Ticket, null).UploadId.ShouldBe(otherPage.UploadId);
    }

    [Fact]
    public async Task Abandon_WhileReceiving_FileDisposedWhenThePostCompletes()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        registry.Open(issued.Ticket, null);
        await registry.AbandonAsync(issued.UploadId, "page-1");

        await registry.CompleteAsync(issued.UploadId, await SpooledReportAsync());

        Directory.GetFiles(h.SpoolDir).ShouldBeEmpty();
        registry.Count.ShouldBe(0);
        await registry.WhenSettledAsync(issued.UploadId, CancellationToken.None); // already settled: returns
    }

    [Fact]
    public async Task Sweep_UnclaimedPastLifetime_DisposedButFreshOnesKept()
    {
        var old = registry.Issue("page-1", h.Fields.Report, null);
        registry.Open(old.Ticket, null);
        await registry.CompleteAsync(old.UploadId, await SpooledReportAsync());
        clock.Advance(TimeSpan.FromMinutes(5));
        var fresh = registry.Issue("page-1", h.Fields.Report, null);
        clock.Advance(TimeSpan.FromMinutes(6));

        await registry.SweepAsync();

        Directory.GetFiles(h.SpoolDir).ShouldBeEmpty();
        registry.Count.ShouldBe(1);
        registry.Open(fresh.Ticket, null).UploadId.ShouldBe(fresh.UploadId);
    }

    [Fact]
    public async Task Sweep_UploadStillArriving_LeftToItsPost()
    {
        var issued = registry.Issue("page-1", h.Fields.Report, null);
        registry.Open(issued.Ticket, null);
        clock.Advance(TimeSpan.FromHours(1)); // a 4 GiB upload on a slow line

        await registry.SweepAsync();
        await registry.CompleteAsync(issued.UploadId, await SpooledReportAsync());

        await using var file = registry.Claim(issued.UploadId, "page-1", "big.pdf");
        file.Size.ShouldBe(3 * 1024 * 1024);
    }
}

/// <summary>A clock the test moves by hand; timers still run on real time (the sweep is called directly here).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
