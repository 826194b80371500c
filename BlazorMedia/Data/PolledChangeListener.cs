using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Data;

/// <summary>With the <c>Polled</c> feed (<see cref="ChangeFeeds"/>; SQL Server's default, which has no NOTIFY), hears the
/// changes other instances commit by reading <c>ChangeNotices</c> every <see cref="DatabaseOptions.ChangePollInterval"/>
/// and hands them to this process's subscribers; unless the feed is <c>Polled</c> it does nothing.
/// <para>At start it takes the highest id as its mark (history is not replayed). Ids are allocated in insert order but
/// rows become visible in commit order, so a row can appear below the mark after the mark passed it: each poll reads
/// every row above the mark it had <see cref="ReReadWindow"/> ago, and remembers which of those ids it delivered, so a
/// late commit is delivered and none is delivered twice. Its own rows are skipped (<see cref="ChangeFeed.Origin"/>).
/// Now and then it deletes rows older than <see cref="KeepFor"/> (any instance may; two doing it is harmless).</para>
/// <para>A poll that fails (the database is away) is logged once; it tries again every interval, and once a poll
/// succeeds it takes a new mark and tells subscribers to reload (what committed in between may have been pruned, and
/// telling them while the database is away would only make their reloads fail).</para></summary>
public sealed class PolledChangeListener(MediaDatabaseConnection database, IDbContextFactory<MediaDbContext> dbFactory,
    ChangeFeed feed, IOptions<DatabaseOptions> options, TimeProvider time, ILogger<PolledChangeListener> logger) : BackgroundService
{
    /// <summary>How long after a higher id was read a lower one may still commit and be delivered: far longer than the
    /// moment between a save's insert of its notice and its commit.</summary>
    internal static readonly TimeSpan ReReadWindow = TimeSpan.FromSeconds(10);

    /// <summary>Rows older than this are deleted: every instance read them long ago.</summary>
    internal static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);

    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The marks of the polls within <see cref="ReReadWindow"/>, oldest first; the first is the low bound
    /// each poll reads above.</summary>
    private readonly Queue<(DateTimeOffset At, long Mark)> _marks = new();

    /// <summary>The ids above the low bound already delivered (or skipped as this instance's own).</summary>
    private readonly HashSet<long> _delivered = [];

    private long _mark;

    /// <summary>The delivered ids still within the window (for tests: the set stays bounded).</summary>
    internal IReadOnlyCollection<long> RememberedIds => _delivered;
    private DateTimeOffset _nextPrune;

    /// <summary>Completes once the mark is taken (again, after a failed poll): changes committed from then on are heard.</summary>
    internal Task Listening => Volatile.Read(ref _listening).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Feed != ChangeFeeds.Polled) return;
        var interval = options.Value.ChangePollInterval;
        _nextPrune = time.GetUtcNow();
        bool started = false, interrupted = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    await TakeMarkAsync(stoppingToken);
                    started = true;
                    ChangeFeedLog.Polling(logger, interval);
                    _listening.TrySetResult();
                    if (interrupted)
                    {
                        interrupted = false;
                        await feed.ResetAsync();
                    }
                }
                else await PollAsync(stoppingToken);
                if (time.GetUtcNow() >= _nextPrune)
                {
                    _nextPrune = time.GetUtcNow() + PruneEvery;
                    await PruneAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever failed: an escaping exception would stop the host (BackgroundService's default).
                started = false;
                if (!interrupted)
                {
                    interrupted = true;
                    if (_listening.Task.IsCompleted) Volatile.Write(ref _listening, new(TaskCreationOptions.RunContinuationsAsynchronously));
                    ChangeFeedLog.Lost(logger, e.Message);
                }
            }
            try { await Task.Delay(interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Takes the highest id as the mark: what committed before is not delivered.</summary>
    internal async Task TakeMarkAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        _mark = await db.ChangeNotices.MaxAsync(n => (long?)n.Id, cancellationToken) ?? 0;
        _marks.Clear();
        _marks.Enqueue((time.GetUtcNow(), _mark));
        _delivered.Clear();
    }

    /// <summary>Delivers the rows above the low bound not delivered yet, in id order.</summary>
    internal async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        while (_marks.Count > 1 && _marks.ElementAt(1).At <= now - ReReadWindow) _marks.Dequeue();
        var low = _marks.Peek().Mark;
        _delivered.RemoveWhere(id => id <= low);
        List<ChangeNotice> rows;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            rows = await db.ChangeNotices.AsNoTracking().Where(n => n.Id > low).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        foreach (var row in rows)
            if (_delivered.Add(row.Id))
                await feed.OnNotificationAsync(row.Envelope);
        if (rows.Count > 0) _mark = Math.Max(_mark, rows[^1].Id);
        _marks.Enqueue((now, _mark));
    }

    /// <summary>Deletes the rows older than <see cref="KeepFor"/>; returns how many.</summary>
    internal async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = (time.GetUtcNow() - KeepFor).UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ChangeNotices.Where(n => n.CreatedUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
