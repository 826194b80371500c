using BlazorMedia.Data;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Features.Profiles;
using BlazorMedia.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Uploads;

/// <summary>Per-user limits in the upload service trip at exactly the configured count, say which limit and when to
/// retry, cut a stream off where it crosses the budget (leaving no temp file), and never touch another user. They are
/// kept in the database: a second <see cref="UploadLimiter"/> on the same database (another instance) sees the same
/// window and the same bytes in flight, concurrent starts never pass the limit together, and a reservation that an
/// instance never released (it crashed) stops counting at its expiry.</summary>
[Trait("Database", "Each")]
public sealed class UploadLimitTests : IAsyncDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(T0);
    private ProfileHarness _h = default!;

    private async Task<(Caller A, Caller B)> StartAsync(Action<PerUserUploadLimits> limits)
    {
        _h = new ProfileHarness(uploads: o =>
        {
            o.PerUser = new PerUserUploadLimits { UploadsPerMinute = 0, BytesPerDay = 0, StorageQuota = 0 };
            limits(o.PerUser);
        }, time: _clock);
        await _h.NewUserAsync("admin@example.com"); // the first account is the (exempt) administrator
        return (await _h.NewUserAsync("a@example.com"), await _h.NewUserAsync("b@example.com"));
    }

    public async ValueTask DisposeAsync()
    {
        if (_h is not null) await _h.DisposeAsync();
    }

    private Task<ReceivedFile> ReportAsync(Caller caller, int bytes, string name = "r.txt") =>
        _h.ReportAsync(new string('a', bytes), name, caller);

    /// <summary>Catalogues <paramref name="bytes"/> for <paramref name="caller"/> through a saved profile.</summary>
    private async Task StoreAsync(Caller caller, int bytes)
    {
        await using var report = await ReportAsync(caller, bytes, "stored.txt");
        (await _h.Profiles.SaveAsync(new ProfileEdit { Name = "P", NewReport = report }, caller)).Outcome.ShouldBe(SaveOutcome.Saved);
    }

    [Fact]
    public async Task PerMinute_TripsAtExactlyTheLimit_OtherUserUnaffected_FreesAfterTheWindow()
    {
        var (a, b) = await StartAsync(l => l.UploadsPerMinute = 3);
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(5));
            await using (await ReportAsync(a, 10)) { }
        }

        var e = await Should.ThrowAsync<UploadRejectedException>(() => ReportAsync(a, 10, "photo.txt"));
        e.Message.ShouldBe("photo.txt was not uploaded: upload limit reached (3 uploads per minute); try again in 50 s.");
        await using (await ReportAsync(b, 10)) { } // b is not a's window

        _clock.Advance(TimeSpan.FromSeconds(50)); // the first of a's three leaves the window
        await using (await ReportAsync(a, 10)) { }
        await Should.ThrowAsync<UploadRejectedException>(() => ReportAsync(a, 10));
    }

    [Fact]
    public async Task PerMinute_Administrator_Exempt()
    {
        await StartAsync(l => l.UploadsPerMinute = 1);
        for (var i = 0; i < 5; i++)
            await using (await ReportAsync(new Caller("any-admin", true), 10)) { }
    }

    [Fact]
    public async Task BytesPerDay_ExactlyTheBudgetAccepted_OneByteMoreRefusedWithRetryTime()
    {
        var (a, b) = await StartAsync(l => l.BytesPerDay = 100);
        await StoreAsync(a, 60);
        _clock.Advance(TimeSpan.FromHours(20).Add(TimeSpan.FromMinutes(48)));

        await using var fits = await ReportAsync(a, 40); // 60 stored + 40 = 100: exactly the budget
        var e = await Should.ThrowAsync<UploadRejectedException>(() => ReportAsync(a, 1, "photo.txt"));

        e.Message.ShouldBe("photo.txt was not uploaded: daily upload limit (100 bytes per day) reached; try again in 3 h 12 min.");
        await using (await ReportAsync(b, 100)) { } // b has a budget of its own
        Directory.EnumerateFiles(_h.SpoolDir).ShouldBeEmpty();
    }

    [Fact]
    public async Task BytesPerDay_FilesOlderThanADay_NoLongerCount()
    {
        var (a, _) = await StartAsync(l => l.BytesPerDay = 100);
        await StoreAsync(a, 100);
        await Should.ThrowAsync<UploadRejectedException>(() => ReportAsync(a, 1));

        _clock.Advance(TimeSpan.FromDays(1).Add(TimeSpan.FromSeconds(1)));

        await using (await ReportAsync(a, 100)) { }
    }

    [Fact]
    public async Task BytesPerDay_LongStream_CutOffAtTheBudgetAndTempFileDeleted()
    {
        var (a, _) = await StartAsync(l => l.BytesPerDay = 4L << 20);
        var source = new CountingStream(new byte[50 << 20]);

        var e = await Should.ThrowAsync<UploadRejectedException>(() =>
            _h.Uploads.ReceiveAsync(source, "huge.txt", _h.Fields.Report, a));

        e.Message.ShouldStartWith("huge.txt was not uploaded: daily upload limit (4 MB per day) reached; try again in ");
        source.BytesRead.ShouldBeLessThan((4L << 20) + (128 << 10), "reading stopped where the budget ran out, not at the end");
        Directory.EnumerateFiles(_h.SpoolDir).ShouldBeEmpty(); // it had spooled past Uploads:MaxMemorySize to disk
    }

    [Fact]
    public async Task BytesPerDay_DeclaredSizeOverBudget_RefusedBeforeReading()
    {
        var (a, _) = await StartAsync(l => l.BytesPerDay = 1000);
        var file = new FakeBrowserFile("big.txt", declaredSize: 1001, new byte[1001]);

        await Should.ThrowAsync<UploadRejectedException>(() => _h.Uploads.ReceiveAsync(file, _h.Fields.Report, a));

        file.Opened.ShouldBeFalse();
    }

    [Fact]
    public async Task BytesPerDay_ParallelUploadsShareTheBudget()
    {
        var (a, _) = await StartAsync(l => l.BytesPerDay = 100);
        await using var first = await ReportAsync(a, 70); // held, not yet saved: reserved

        await Should.ThrowAsync<UploadRejectedException>(() => ReportAsync(a, 31));
        await first.DisposeAsync(); // dropped: its reservation goes

        await using (await ReportAsync(a, 100)) { }
    }

    [Fact]
    public async Task StorageQuota_ExactlyFullAccepted_OverRefusedWithMessage()
    {
        var (a, _) = await StartAsync(l => l.StorageQuota = 100);
        await StoreAsync(a, 60);
        _clock.Advance(TimeSpan.FromDays(3));

        await using (await ReportAsync(a, 40)) { }
        var e = await Should.ThrowAsync<UploadRejectedException>(() => ReportAsync(a, 41, "photo.txt"));

        e.Message.ShouldBe("photo.txt was not uploaded: storage quota (100 bytes) full; delete files to make room.");
    }

    /// <summary>Another instance's limiter: its own object, the same database, settings and clock.</summary>
    private UploadLimiter OtherInstance() => new(_h.Services.GetRequiredService<IDbContextFactory<MediaDbContext>>(),
        _h.Services.GetRequiredService<IOptions<UploadsOptions>>(), _clock);

    [Fact]
    public async Task PerMinute_SharedAcrossInstances_RefusedOnTheOtherWithTheSameMessage()
    {
        var (a, _) = await StartAsync(l => l.UploadsPerMinute = 2);
        var b = OtherInstance();
        await using (await ReportAsync(a, 10)) { }
        _clock.Advance(TimeSpan.FromSeconds(5));
        await using (await b.BeginAsync(a, "r.txt", 10, default)) { }

        var onA = await Should.ThrowAsync<UploadRejectedException>(() => ReportAsync(a, 10, "photo.txt"));
        var onB = await Should.ThrowAsync<UploadRejectedException>(() => b.BeginAsync(a, "photo.txt", 10, default));

        onA.Message.ShouldBe("photo.txt was not uploaded: upload limit reached (2 uploads per minute); try again in 55 s.");
        onB.Message.ShouldBe(onA.Message);
    }

    [Fact]
    public async Task PerMinute_ManyStartsAtOnceOnTwoInstances_ExactlyTheLimitPass()
    {
        var (a, _) = await StartAsync(l => l.UploadsPerMinute = 3);

        var budgets = await BeginAtOnceOnTwoInstancesAsync(a, 12, declaredSize: 10);

        budgets.Count(b => b is not null).ShouldBe(3);
    }

    [Fact]
    public async Task BytesInFlight_OnOneInstance_CountOnTheOther()
    {
        var (a, _) = await StartAsync(l => l.BytesPerDay = 100);
        await using var held = await ReportAsync(a, 70); // received on this instance, waiting for Save

        var e = await Should.ThrowAsync<UploadRejectedException>(() => OtherInstance().BeginAsync(a, "photo.txt", 31, default));

        e.Message.ShouldStartWith("photo.txt was not uploaded: daily upload limit (100 bytes per day) reached; try again in ");
        await using (await OtherInstance().BeginAsync(a, "fits.txt", 30, default)) { }
    }

    [Fact]
    public async Task BytesInFlight_ManyAtOnceOnTwoInstances_NeverPastTheBudget()
    {
        var (a, _) = await StartAsync(l => l.BytesPerDay = 100);

        var budgets = await BeginAtOnceOnTwoInstancesAsync(a, 10, declaredSize: 30);

        budgets.Count(b => b is not null).ShouldBe(3);
        foreach (var budget in budgets.OfType<UploadBudget>()) await budget.DisposeAsync();
        await using (await OtherInstance().BeginAsync(a, "all.txt", 100, default)) { }
    }

    [Fact]
    public async Task BytesInFlight_OfACrashedInstance_StopCountingAtTheirExpiry()
    {
        var (a, _) = await StartAsync(l => l.BytesPerDay = 100);
        await OtherInstance().BeginAsync(a, "lost.txt", 70, default); // never released: that instance died

        await Should.ThrowAsync<UploadRejectedException>(() => ReportAsync(a, 31));
        _clock.Advance(UploadLimiter.ReservationLifetime + TimeSpan.FromSeconds(1));

        await using (await ReportAsync(a, 100)) { }
    }

    /// <summary>Starts <paramref name="count"/> uploads at once, alternately on this instance and another; null for each refused.</summary>
    private async Task<UploadBudget?[]> BeginAtOnceOnTwoInstancesAsync(Caller caller, int count, long declaredSize)
    {
        var limiters = new[] { _h.Services.GetRequiredService<UploadLimiter>(), OtherInstance() };
        return await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            try
            {
                return await limiters[i % 2].BeginAsync(caller, $"f{i}.txt", declaredSize, default);
            }
            catch (UploadRejectedException)
            {
                return null;
            }
        })));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    /// <summary>A non-seekable source that counts what was read from it.</summary>
    private sealed class CountingStream(byte[] content) : Stream
    {
        private readonly MemoryStream _inner = new(content);

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = _inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

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
}
