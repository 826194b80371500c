using BlazorMedia.Data;
using BlazorMedia.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

/// <summary>Per-user upload limits (<see cref="PerUserUploadLimits"/>), kept in the database so that every instance on
/// it enforces the same ones. Uploads per minute: the user's slots (<see cref="UploadSlot"/>), each taken by a
/// compare-and-swap. Bytes per day and the storage quota: the catalog (StoredFile.Size by OwnerId and CreatedUtc) plus
/// the bytes of this user's uploads still in progress or waiting to be saved (<see cref="UploadReservation"/>, on any
/// instance), reserved as they are read, each reservation checked under the user's own row lock
/// (<see cref="UploadUser"/>). Nothing is locked across users, so one user at a limit never slows another.</summary>
public sealed class UploadLimiter(IDbContextFactory<MediaDbContext> dbFactory, IOptions<UploadsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>How long a reservation counts without being extended: an instance that crashed mid-upload holds its
    /// bytes this long at most. A live upload extends it every half of this; a file waiting longer than this for Save
    /// stops counting until it is saved (then the catalog counts it).</summary>
    internal static readonly TimeSpan ReservationLifetime = TimeSpan.FromHours(1);

    /// <summary>What a stream of unknown length reserves at a time (less when less is left): one database round
    /// trip per this many bytes, not per read.</summary>
    internal const long ReservationStep = 1 << 20;

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
        if (limits.UploadsPerMinute > 0 && await TryTakeSlotAsync(userId, limits.UploadsPerMinute, now, cancellationToken) is { } retry)
            throw new UploadRejectedException(fileName,
                $"was not uploaded: upload limit reached ({limits.UploadsPerMinute} uploads per minute); try again in {Durations.Format(retry)}.");

        if (limits.BytesPerDay <= 0 && limits.StorageQuota <= 0) return UploadBudget.Unlimited;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = (now - Day).UtcDateTime;
        var mine = db.StoredFiles.Where(f => f.OwnerId == userId);
        var total = limits.StorageQuota > 0 ? await mine.SumAsync(f => (long?)f.Size, cancellationToken) ?? 0 : 0;
        var today = limits.BytesPerDay > 0 ? await mine.Where(f => f.CreatedUtc >= since).SumAsync(f => (long?)f.Size, cancellationToken) ?? 0 : 0;
        var budget = new UploadBudget(this, userId, fileName, limits, today, total, now);
        // An honest browser's declared size is reserved at once: usually the upload's only round trip.
        await budget.ReserveAsync(Math.Max(1, declaredSize ?? 1), declaredSize ?? ReservationStep, cancellationToken);
        return budget;
    }

    /// <summary>Takes one of the user's slots: one never taken (a create-only insert), else the least recently taken
    /// if that was a minute ago or more (an update that succeeds only if nobody took it since it was read). Null on
    /// success; otherwise how long until the oldest slot frees.</summary>
    private async Task<TimeSpan?> TryTakeSlotAsync(string userId, int perMinute, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var freeBefore = (now - Minute).ToUnixTimeMilliseconds();
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var slots = db.Set<UploadSlot>();
            var taken = await slots.AsNoTracking().Where(s => s.UserId == userId && s.Slot < perMinute).ToListAsync(cancellationToken);
            if (taken.Count < perMinute)
            {
                var free = Enumerable.Range(0, perMinute).First(i => taken.All(s => s.Slot != i));
                slots.Add(new UploadSlot { UserId = userId, Slot = free, TakenUnixMs = nowMs });
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return null;
                }
                catch (DbUpdateException) when (attempt < 100)
                {
                    continue; // another upload of this user took that slot first
                }
            }
            var oldest = taken.MinBy(s => s.TakenUnixMs)!;
            if (oldest.TakenUnixMs > freeBefore)
                return TimeSpan.FromMilliseconds(oldest.TakenUnixMs - freeBefore);
            var swapped = await slots.Where(s => s.UserId == userId && s.Slot == oldest.Slot && s.TakenUnixMs == oldest.TakenUnixMs)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.TakenUnixMs, nowMs), cancellationToken);
            if (swapped == 1 || attempt >= 100) return null;
        }
    }

    /// <summary>Adds to reservation <paramref name="id"/> so that it holds at least <paramref name="needed"/> bytes, and
    /// up to <paramref name="wanted"/> when that much is left; returns what it holds then, or, when even
    /// <paramref name="needed"/> does not fit, the bytes in flight elsewhere (the caller refuses with them). Runs under
    /// the user's row lock, so concurrent reservations of one user (on any instance) see each other.</summary>
    internal async Task<(bool Fits, long Reserved, long ElsewhereInFlight)> ReserveAsync(string userId, Guid id, long needed,
        long wanted, long left, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var expires = (now + ReservationLifetime).ToUnixTimeMilliseconds();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var users = db.Set<UploadUser>();
        if (await users.Where(u => u.UserId == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.Version, x => x.Version + 1), cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            await CreateUserRowAsync(userId, cancellationToken);
            return await ReserveAsync(userId, id, needed, wanted, left, now, cancellationToken);
        }
        var reservations = db.Set<UploadReservation>();
        await reservations.Where(r => r.UserId == userId && r.ExpiresUnixMs <= nowMs).ExecuteDeleteAsync(cancellationToken);
        var elsewhere = await reservations.Where(r => r.UserId == userId && r.Id != id).SumAsync(r => (long?)r.Bytes, cancellationToken) ?? 0;
        var room = left - elsewhere;
        if (needed > room) return (false, 0, elsewhere);
        var holds = Math.Min(Math.Max(needed, wanted), room);
        if (await reservations.Where(r => r.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.Bytes, holds).SetProperty(r => r.ExpiresUnixMs, expires), cancellationToken) == 0)
        {
            reservations.Add(new UploadReservation { Id = id, UserId = userId, Bytes = holds, ExpiresUnixMs = expires });
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (true, holds, elsewhere);
    }

    private async Task CreateUserRowAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Add(new UploadUser { UserId = userId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // created by another upload of this user at the same time: it is there either way
        }
    }

    /// <summary>Sets a live reservation to <paramref name="bytes"/> (never more than it held: no lock needed) and
    /// extends its expiry.</summary>
    internal async Task RenewAsync(Guid id, long bytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expires = (now + ReservationLifetime).ToUnixTimeMilliseconds();
        await db.Set<UploadReservation>().Where(r => r.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Bytes, bytes).SetProperty(r => r.ExpiresUnixMs, expires), cancellationToken);
    }

    internal async Task ReleaseAsync(Guid id)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Set<UploadReservation>().Where(r => r.Id == id).ExecuteDeleteAsync();
    }

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

    internal DateTimeOffset Now => time.GetUtcNow();
}

/// <summary>One upload's share of its user's daily budget and quota (one <see cref="UploadReservation"/> row):
/// bytes are reserved as they are read, so parallel uploads by the same user, on any instance, cannot together exceed
/// what is left, and released on dispose (by then the file is either catalogued or gone).</summary>
public sealed class UploadBudget : IAsyncDisposable
{
    public static readonly UploadBudget Unlimited = new(null, null, "", new PerUserUploadLimits(), 0, 0, default);

    private readonly UploadLimiter? _limiter;
    private readonly string? _userId;
    private readonly string _fileName;
    private readonly PerUserUploadLimits _limits;
    private readonly long _storedToday, _storedTotal;
    private readonly DateTimeOffset _started;
    private readonly Guid _id = Guid.NewGuid();
    private long _used, _reserved;
    private DateTimeOffset _renewed;
    private int _released;

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
        this._renewed = started;
    }

    /// <summary>Reserves so that this upload holds at least <paramref name="needed"/> bytes (and up to
    /// <paramref name="wanted"/> when left), or refuses it.</summary>
    internal async Task ReserveAsync(long needed, long wanted, CancellationToken cancellationToken)
    {
        var left = Math.Min(
            _limits.StorageQuota > 0 ? _limits.StorageQuota - _storedTotal : long.MaxValue / 4,
            _limits.BytesPerDay > 0 ? _limits.BytesPerDay - _storedToday : long.MaxValue / 4);
        var now = _limiter!.Now;
        var (fits, reserved, elsewhere) = await _limiter.ReserveAsync(_userId!, _id, needed, wanted, left, now, cancellationToken);
        if (fits)
        {
            (_reserved, _renewed) = (reserved, now);
            return;
        }
        await ThrowOverAsync(elsewhere + needed, cancellationToken);
    }

    /// <summary>Counts <paramref name="bytes"/> just read, reserving more when they pass what is held, or refuses the
    /// upload when they cross a limit.</summary>
    internal async Task AddAsync(long bytes, CancellationToken cancellationToken)
    {
        if (_limiter is null) return;
        _used += bytes;
        try
        {
            if (_used > _reserved) await ReserveAsync(_used, _used + UploadLimiter.ReservationStep, cancellationToken);
            else if ((bytes == 0 && _reserved > _used) || _limiter.Now - _renewed > UploadLimiter.ReservationLifetime / 2)
            {
                // The end of the stream gives back what was reserved ahead and not used.
                (_reserved, _renewed) = (bytes == 0 ? _used : _reserved, _limiter.Now);
                await _limiter.RenewAsync(_id, _reserved, _renewed, cancellationToken);
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task ThrowOverAsync(long pending, CancellationToken cancellationToken)
    {
        if (_limits.StorageQuota > 0 && _storedTotal + pending > _limits.StorageQuota)
            throw new UploadRejectedException(_fileName,
                $"was not uploaded: storage quota ({Format.Bytes(_limits.StorageQuota)}) full; delete files to make room.");
        var retry = await _limiter!.DailyRetryAfterAsync(_userId!, _storedToday + pending - _limits.BytesPerDay, _started, cancellationToken);
        throw new UploadRejectedException(_fileName,
            $"was not uploaded: daily upload limit ({Format.Bytes(_limits.BytesPerDay)} per day) reached; try again in {Durations.Format(retry)}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_limiter is null || Interlocked.Exchange(ref _released, 1) == 1) return;
        await _limiter.ReleaseAsync(_id);
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
