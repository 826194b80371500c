using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Uploads;
using BlazorMedia.Uploads.Streaming;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Uploads.Streaming;

/// <summary>The streaming-upload registry: a ticket opens one POST for its user, only the page session that asked
/// can claim the result, and nothing unclaimed outlives its lifetime or its session.</summary>
[Trait("Database", "Each")]
public sealed class StreamedUploadsTests : IAsyncLifetime
{
    private readonly ProfileHarness _h = new();
    // Starts at the real time: the data protector checks its own expiry with the system clock.
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly StreamedUploads _registry;

    public StreamedUploadsTests() =>
        _registry = new StreamedUploads(new EphemeralDataProtectionProvider(),
            Options.Create(new UploadsOptions { StreamingTicketLifetime = TimeSpan.FromMinutes(10) }), _clock,
            NullLogger<StreamedUploads>.Instance);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _h.DisposeAsync();
    }

    /// <summary>A received report big enough to spool to disk, so leaks show up as files in the spool folder.</summary>
    private Task<ReceivedFile> SpooledReportAsync() =>
        _h.Uploads.ReceiveAsync(new MemoryStream(TestPdfs.Opaque(3 * 1024 * 1024)), "big.pdf", _h.Fields.Report, Caller.Operator);

    [Fact]
    public async Task Claim_AfterOpenAndComplete_ReturnsTheFileToItsSession()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, "user-1");
        var opened = _registry.Open(issued.Ticket, "user-1");
        var file = await SpooledReportAsync();
        await _registry.CompleteAsync(opened.UploadId, file);

        var claimed = _registry.Claim(issued.UploadId, "page-1", "big.pdf");

        claimed.ShouldBeSameAs(file);
        opened.Field.ShouldBe(_h.Fields.Report);
        _registry.Count.ShouldBe(0);
        await claimed.DisposeAsync();
    }

    [Fact]
    public void Open_ForgedTicket_RefusedWithClearMessage()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        var forged = issued.Ticket[..^4] + (issued.Ticket.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var e = Should.Throw<UploadTicketException>(() => _registry.Open(forged, null));

        e.StatusCode.ShouldBe(403);
        e.Message.ShouldBe("This upload link is not valid or has expired. Choose the file again.");
    }

    [Fact]
    public void Open_TicketFromAnotherRegistry_Refused()
    {
        var other = new StreamedUploads(new EphemeralDataProtectionProvider(), Options.Create(new UploadsOptions()), _clock,
            NullLogger<StreamedUploads>.Instance);
        var issued = other.Issue("page-1", _h.Fields.Report, null);

        Should.Throw<UploadTicketException>(() => _registry.Open(issued.Ticket, null)).StatusCode.ShouldBe(403);
    }

    [Fact]
    public void Open_UsedTwice_SecondRefused()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        _registry.Open(issued.Ticket, null);

        var e = Should.Throw<UploadTicketException>(() => _registry.Open(issued.Ticket, null));

        e.StatusCode.ShouldBe(409);
        e.Message.ShouldBe("This upload link has already been used. Choose the file again.");
    }

    [Fact]
    public void Open_ReplayOfARefusedPost_GetsTheSameRefusalAndTheVerdictStaysClaimable()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        var opened = _registry.Open(issued.Ticket, null);
        var refusal = new UploadRejectedException("big.pdf", "is larger than the 2 MB allowed for Report file.");
        _registry.Fail(opened.UploadId, refusal);

        var replay = _registry.Open(issued.Ticket, null);

        replay.Refused.ShouldBeSameAs(refusal);
        Should.Throw<UploadRejectedException>(() => _registry.Claim(opened.UploadId, "page-1", "big.pdf")).ShouldBeSameAs(refusal);
    }

    [Fact]
    public void Open_AfterLifetime_RefusedAsExpired()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        _clock.Advance(TimeSpan.FromMinutes(11));

        var e = Should.Throw<UploadTicketException>(() => _registry.Open(issued.Ticket, null));

        e.StatusCode.ShouldBe(410);
        e.Message.ShouldBe("This upload link is not valid or has expired. Choose the file again.");
    }

    [Fact]
    public void Open_ByAnotherUser_Refused()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, "user-1");

        Should.Throw<UploadTicketException>(() => _registry.Open(issued.Ticket, "user-2")).Message
            .ShouldBe("This upload link belongs to another user. Choose the file again.");
        Should.Throw<UploadTicketException>(() => _registry.Open(issued.Ticket, null)).StatusCode.ShouldBe(403);
    }

    [Fact]
    public async Task Claim_ByAnotherSession_RefusedAndTheOwnerStillGetsIt()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        _registry.Open(issued.Ticket, null);
        await _registry.CompleteAsync(issued.UploadId, await SpooledReportAsync());

        Should.Throw<UploadRejectedException>(() => _registry.Claim(issued.UploadId, "page-2", "big.pdf")).Message
            .ShouldBe("big.pdf was not received: the upload belongs to another page or has expired. Choose the file again.");

        await using var file = _registry.Claim(issued.UploadId, "page-1", "big.pdf");
        file.OriginalName.ShouldBe("big.pdf");
    }

    [Fact]
    public void Claim_RefusedUpload_ThrowsTheServicesRefusal()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        _registry.Open(issued.Ticket, null);
        _registry.Fail(issued.UploadId, new UploadRejectedException("x.exe", "is not a document of an accepted type."));

        Should.Throw<UploadRejectedException>(() => _registry.Claim(issued.UploadId, "page-1", "x.exe")).Message
            .ShouldBe("x.exe is not a document of an accepted type.");
        _registry.Count.ShouldBe(0);
    }

    [Fact]
    public async Task ReleaseSession_UnclaimedFile_DisposedWithItsSpoolFile()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        var unused = _registry.Issue("page-1", _h.Fields.Report, null);
        var otherPage = _registry.Issue("page-2", _h.Fields.Report, null);
        _registry.Open(issued.Ticket, null);
        await _registry.CompleteAsync(issued.UploadId, await SpooledReportAsync());
        Directory.GetFiles(_h.SpoolDir).Length.ShouldBe(1);

        await _registry.ReleaseSessionAsync("page-1");

        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
        Should.Throw<UploadTicketException>(() => _registry.Open(unused.Ticket, null)).StatusCode.ShouldBe(410);
        _registry.Count.ShouldBe(1); // page-2's ticket is untouched
        _registry.Open(otherPage.Ticket, null).UploadId.ShouldBe(otherPage.UploadId);
    }

    [Fact]
    public async Task Abandon_WhileReceiving_FileDisposedWhenThePostCompletes()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        _registry.Open(issued.Ticket, null);
        await _registry.AbandonAsync(issued.UploadId, "page-1");

        await _registry.CompleteAsync(issued.UploadId, await SpooledReportAsync());

        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
        _registry.Count.ShouldBe(0);
        await _registry.WhenSettledAsync(issued.UploadId, CancellationToken.None); // already settled: returns
    }

    [Fact]
    public async Task Sweep_UnclaimedPastLifetime_DisposedButFreshOnesKept()
    {
        var old = _registry.Issue("page-1", _h.Fields.Report, null);
        _registry.Open(old.Ticket, null);
        await _registry.CompleteAsync(old.UploadId, await SpooledReportAsync());
        _clock.Advance(TimeSpan.FromMinutes(5));
        var fresh = _registry.Issue("page-1", _h.Fields.Report, null);
        _clock.Advance(TimeSpan.FromMinutes(6));

        await _registry.SweepAsync();

        Directory.GetFiles(_h.SpoolDir).ShouldBeEmpty();
        _registry.Count.ShouldBe(1);
        _registry.Open(fresh.Ticket, null).UploadId.ShouldBe(fresh.UploadId);
    }

    [Fact]
    public async Task Sweep_UploadStillArriving_LeftToItsPost()
    {
        var issued = _registry.Issue("page-1", _h.Fields.Report, null);
        _registry.Open(issued.Ticket, null);
        _clock.Advance(TimeSpan.FromHours(1)); // a 4 GiB upload on a slow line

        await _registry.SweepAsync();
        await _registry.CompleteAsync(issued.UploadId, await SpooledReportAsync());

        await using var file = _registry.Claim(issued.UploadId, "page-1", "big.pdf");
        file.Size.ShouldBe(3 * 1024 * 1024);
    }
}

/// <summary>A clock the test moves by hand; timers still run on real time (the sweep is called directly here).</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
