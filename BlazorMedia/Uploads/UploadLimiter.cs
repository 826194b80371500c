using System.Collections.Concurrent;
using BlazorMedia.Data;
using BlazorMedia.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

/// <summary>Per-user upload limits (<see cref="PerUserUploadLimits"/>). Uploads per minute: an in-memory sliding
/// window per user (a second instance keeps its own window, so N instances allow up to N times the rate). Bytes per
/// day and the storage quota: the catalog (StoredFile.Size by OwnerId and CreatedUtc) plus the bytes of this user's
/// uploads still in progress or waiting to be saved, reserved as they are read. State is per user, with no lock shared
/// between users, so one user at a limit never slows another.</summary>
public sealed class UploadLimiter(IDbContextFactory<MediaDbContext> dbFactory, IOptions<UploadsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Starts one upload for <paramref name="caller"/>: takes a per-minute slot and checks the daily budget and
    /// the quota before any byte is read (with the browser's <paramref name="declaredSize"/> when it has one; the
    /// returned budget enforces the real count while reading). Dispose the budget when the upload is stored or dropped.</summary>
    /// <exception cref="UploadRejectedException">Anonymous caller, or a limit reached; the message says which and when
    /// to retry.</exception>
    public async Task<UploadBudget> BeginAsync(Caller caller, string fileName, long? declaredSize, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated && !caller.IsAdministrator)
            throw new UploadRejectedException(fileName, "was not uploaded: sign in to upload files.");
        var limits = options.Value.PerUser;
        if (caller.UserId is not { } userId || (caller.IsAdministrator && limits.ExemptAdministrators))
            return UploadBudget.Unlimited;

        var now = time.GetUtcNow();
        if (limits.UploadsPerMinute > 0 && !TryTakeSlot(userId, limits.UploadsPerMinute, now, out var retry))
            throw new UploadRejectedException(fileName,
                $"was not uploaded: upload limit reached ({limits.UploadsPerMinute} uploads per minute); try again in {Durations.Format(retry)}.");

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = (now - Day).UtcDateTime;
        var mine = db.StoredFiles.Where(f => f.OwnerId == userId);
        var total = limits.StorageQuota > 0 ? await mine.SumAsync(f => (long?)f.Size, cancellationToken) ?? 0 : 0;
        var today = limits.BytesPerDay > 0 ? await mine.Where(f => f.CreatedUtc >= since).SumAsync(f => (long?)f.Size, cancellationToken) ?? 0 : 0;
        var budget = new UploadBudget(this, userId, fileName, limits, today, total, now);
        await budget.CheckAsync(Math.Max(1, declaredSize ?? 1), cancellationToken);
        return budget;
    }

    private bool TryTakeSlot(string userId, int perMinute, DateTimeOffset now, out TimeSpan retryAfter)
    {
        var window = _windows.GetOrAdd(userId, _ => new Queue<DateTimeOffset>());
        lock (window) // this user's window only
        {
            while (window.Count > 0 && window.Peek() <= now - Minute) window.Dequeue();
            if (window.Count >= perMinute)
            {
                retryAfter = window.Peek() + Minute - now;
                return false;
            }
            window.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    internal long InFlight(string userId) => _inFlight.TryGetValue(userId, out var n) ? n : 0;

    internal long Reserve(string userId, long bytes) => _inFlight.AddOrUpdate(userId, bytes, (_, n) => n + bytes);

    internal void Release(string userId, long bytes) => _inFlight.AddOrUpdate(userId, 0, (_, n) => n - bytes);

    /// <summary>How long until enough of the user's last-24-hours files age out to free <paramref name="needed"/> bytes.</summary>
    internal async Task<TimeSpan> DailyRetryAfterAsync(string userId, long needed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = (now - Day).UtcDateTime;
        long freed = 0;
        await foreach (var f in db.StoredFiles.Where(f => f.OwnerId == userId && f.CreatedUtc >= since)
                           .OrderBy(f => f.CreatedUtc).Select(f => new { f.CreatedUtc, f.Size }).AsAsyncEnumerable()
                           .WithCancellation(cancellationToken))
        {
            freed += f.Size;
            if (freed >= needed) return new DateTimeOffset(DateTime.SpecifyKind(f.CreatedUtc, DateTimeKind.Utc)) + Day - now;
        }
        return Day; // uploads in progress alone fill the day
    }
}

/// <summary>One upload's share of its user's daily budget and quota: bytes are reserved as they are read, so parallel
/// uploads by the same user cannot together exceed what is left, and released on dispose (by then the file is either
/// catalogued or gone).</summary>
public sealed class UploadBudget : IDisposable
{
    public static readonly UploadBudget Unlimited = new(null, null, "", new PerUserUploadLimits(), 0, 0, default);

    private readonly UploadLimiter? _limiter;
    private readonly string? _userId;
    private readonly string _fileName;
    private readonly PerUserUploadLimits _limits;
    private readonly long _storedToday, _storedTotal;
    private readonly DateTimeOffset _started;
    private long _reserved;

    internal UploadBudget(UploadLimiter? limiter, string? userId, string fileName, PerUserUploadLimits limits,
        long storedToday, long storedTotal, DateTimeOffset started)
    {
        this._limiter = limiter;
        this._userId = userId;
        this._fileName = fileName;
        this._limits = limits;
        this._storedToday = storedToday;
        this._storedTotal = storedTotal;
        this._started = started;
    }

    /// <summary>Refuses if <paramref name="bytes"/> more would not fit, without reserving them.</summary>
    internal async Task CheckAsync(long bytes, CancellationToken cancellationToken)
    {
        if (_limiter is null) return;
        await ThrowIfOverAsync(_limiter.InFlight(_userId!) + bytes, cancellationToken);
    }

    /// <summary>Reserves <paramref name="bytes"/> just read, or refuses the upload when they cross a limit.</summary>
    internal async Task AddAsync(long bytes, CancellationToken cancellationToken)
    {
        if (_limiter is null || bytes == 0) return;
        var pending = _limiter.Reserve(_userId!, bytes);
        _reserved += bytes;
        try
        {
            await ThrowIfOverAsync(pending, cancellationToken);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private async Task ThrowIfOverAsync(long pending, CancellationToken cancellationToken)
    {
        if (_limits.StorageQuota > 0 && _storedTotal + pending > _limits.StorageQuota)
            throw new UploadRejectedException(_fileName,
                $"was not uploaded: storage quota ({Format.Bytes(_limits.StorageQuota)}) full; delete files to make room.");
        if (_limits.BytesPerDay > 0 && _storedToday + pending > _limits.BytesPerDay)
        {
            var retry = await _limiter!.DailyRetryAfterAsync(_userId!, _storedToday + pending - _limits.BytesPerDay, _started, cancellationToken);
            throw new UploadRejectedException(_fileName,
                $"was not uploaded: daily upload limit ({Format.Bytes(_limits.BytesPerDay)} per day) reached; try again in {Durations.Format(retry)}.");
        }
    }

    public void Dispose()
    {
        var bytes = Interlocked.Exchange(ref _reserved, 0);
        if (bytes != 0) _limiter?.Release(_userId!, bytes);
    }
}

/// <summary>Retry times for messages: "42 s", "7 min", "3 h 12 min" (rounded up, never "0 s").</summary>
public static class Durations
{
    public static string Format(TimeSpan t)
    {
        var seconds = (long)Math.Ceiling(Math.Max(1, t.TotalSeconds));
        if (seconds < 90) return $"{seconds} s";
        var minutes = (seconds + 59) / 60;
        return minutes < 60 ? $"{minutes} min" : $"{minutes / 60} h {minutes % 60} min";
    }
}
