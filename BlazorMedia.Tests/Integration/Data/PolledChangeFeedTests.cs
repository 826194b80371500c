using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using BlazorMedia.Data;
using BlazorMedia.Features.Files;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Data;

/// <summary>The <c>Polled</c> change feed (<see cref="ChangeNotice"/>, <see cref="PolledChangeListener"/>) on the run's
/// database: two instances (each its own services, feed and listener) on one database. What A commits reaches B's
/// subscribers once; what rolls back reaches nobody; A's own subscribers hear it once; a row that commits after a
/// higher one was delivered is still delivered, once; after B's reads failed and work again, B's subscribers are told
/// once to reload; the re-read window moves on, so the ids it remembers stay few; pruning deletes only old rows.</summary>
[Trait("Database", "Each")]
public sealed class PolledChangeFeedTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = FeedInstances<PolledChangeListener>.Patience;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly TempDirectory _dir = new("bm-polled");
    private FeedInstances<PolledChangeListener> _instances = default!;
    private TestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Create(_dir.Combine("app.db"));
        await using var db = _database.CreateContext();
        await db.Database.MigrateAsync();
        _instances = new(_database.Connection with { ChangeFeed = ChangeFeeds.Polled }, l => l.Listening,
            sc => sc.Configure<DatabaseOptions>(o => o.ChangePollInterval = PollInterval));
    }

    public async Task DisposeAsync()
    {
        await _instances.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>An instance polling the database, and what its Files subscribers receive.</summary>
    private Task<(ServiceProvider Services, ChannelReader<FilesChange> Heard)> StartInstanceAsync(IInterceptor? interceptor = null) =>
        _instances.StartAsync(interceptor);

    private static FilesChange Added(string name) => new(FilesChangeKind.FolderAdded, "", name);

    /// <summary>Publishes <paramref name="name"/> through <paramref name="instance"/>: a save with only the change
    /// staged (no rows of its own, so two such saves never wait on each other's locks).</summary>
    private static async Task PublishAsync(ServiceProvider instance, string name)
    {
        await using var db = await instance.GetRequiredService<IDbContextFactory<MediaDbContext>>().CreateDbContextAsync();
        instance.GetRequiredService<FilesChanges>().Stage(db, Added(name));
        await db.SaveChangesAsync();
    }

    private static Task<FilesChange> NextAsync(ChannelReader<FilesChange> heard) => FeedInstances<PolledChangeListener>.NextAsync(heard);

    [Fact]
    public async Task ChangeCommittedOnA_HeardByBOnce_AndByAOnceNotEchoed()
    {
        var (a, heardOnA) = await StartInstanceAsync();
        var (b, heardOnB) = await StartInstanceAsync();

        await PublishAsync(a, "first");
        await PublishAsync(a, "second");

        (await NextAsync(heardOnB)).ShouldBe(Added("first"));
        (await NextAsync(heardOnB)).ShouldBe(Added("second"));
        // A marker from B reaches A after any echo of A's own two would have (read in id order).
        await PublishAsync(b, "marker");
        (await NextAsync(heardOnA)).Name.ShouldBe("first");
        (await NextAsync(heardOnA)).Name.ShouldBe("second");
        (await NextAsync(heardOnA)).Name.ShouldBe("marker", "A heard its own change twice");
        (await NextAsync(heardOnB)).Name.ShouldBe("marker"); // B's own, once, at commit
        await PublishAsync(a, "last");
        (await NextAsync(heardOnB)).Name.ShouldBe("last", "B heard a change twice");
    }

    [Fact]
    public async Task ChangeRolledBack_NeverHeardByAnyone_AndLeavesNoRow()
    {
        var breaker = new CommitGate { Fail = true };
        var (a, heardOnA) = await StartInstanceAsync(breaker);
        var (_, heardOnB) = await StartInstanceAsync();

        breaker.Armed = true; // the notice is written inside the transaction, then the commit fails
        (await Should.ThrowAsync<Exception>(() => PublishAsync(a, "rolled-back"))).Message.ShouldContain("Simulated failure at commit");
        await PublishAsync(a, "committed");

        (await NextAsync(heardOnB)).Name.ShouldBe("committed");
        (await NextAsync(heardOnA)).Name.ShouldBe("committed");
        await using var db = _database.CreateContext();
        (await db.ChangeNotices.Select(n => n.Envelope).ToListAsync()).ShouldHaveSingleItem().ShouldContain("committed");
    }

    [Fact]
    public async Task LowerIdCommitsAfterAHigherOneWasDelivered_BothHeardOnce()
    {
        var gate = new CommitGate();
        var (a, _) = await StartInstanceAsync(gate);
        var (_, heardOnB) = await StartInstanceAsync();

        if (_database.Provider == DatabaseOptions.Sqlite)
        {
            // SQLite has one writer at a time: a transaction holding the lower id would block the other until it
            // committed, so there commit order is id order. The late commit is made by hand, as a server database
            // shows it: the row with the lower id appears after the higher one was read.
            var feed = a.GetRequiredService<ChangeFeed>();
            await using var db = _database.CreateContext();
            var top = await db.ChangeNotices.MaxAsync(n => (long?)n.Id) ?? 0;
            await WriteNoticeAsync(db, top + 2, feed.Envelope("files", JsonSerializer.Serialize(Added("early"))));
            (await NextAsync(heardOnB)).ShouldBe(Added("early"));
            await WriteNoticeAsync(db, top + 1, feed.Envelope("files", JsonSerializer.Serialize(Added("late"))));
        }
        else
        {
            gate.Armed = true;
            var late = PublishAsync(a, "late"); // takes its id, then waits at its commit
            await gate.Reached.WaitAsync(Patience);
            await PublishAsync(a, "early"); // a higher id, committed first
            (await NextAsync(heardOnB)).ShouldBe(Added("early"));
            gate.Release();
            await late.WaitAsync(Patience);
        }

        (await NextAsync(heardOnB)).ShouldBe(Added("late"));
        await PublishAsync(a, "marker");
        (await NextAsync(heardOnB)).Name.ShouldBe("marker", "B heard a change twice");
    }

    private static async Task WriteNoticeAsync(MediaDbContext db, long id, string envelope)
    {
        db.ChangeNotices.Add(new ChangeNotice { Id = id, Envelope = envelope, CreatedUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task ReadsFailThenWorkAgain_BIsToldOnceToReload_ThenHearsTheNextChange()
    {
        var breaker = new ReadBreaker();
        var (a, _) = await StartInstanceAsync();
        var (b, heardOnB) = await StartInstanceAsync(breaker);
        var listener = b.GetRequiredService<PolledChangeListener>();

        breaker.Failing = true;
        await breaker.Failed.WaitAsync(Patience);
        heardOnB.TryRead(out var early).ShouldBeFalse($"told {early} while the database was away");
        breaker.Failing = false;

        (await NextAsync(heardOnB)).Kind.ShouldBe(FilesChangeKind.Reset); // back: changes in between were missed
        await listener.Listening.WaitAsync(Patience);
        await PublishAsync(a, "after");
        (await NextAsync(heardOnB)).ShouldBe(Added("after"), "one reset, then the next change");
        // Still running: a listener that ended with an exception would have stopped its host.
        listener.ExecuteTask!.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task ReReadWindow_MovesOn_IdsBelowItAreNeitherReadNorRemembered()
    {
        var clock = new ManualClock();
        var sc = new ServiceCollection();
        sc.AddLogging();
        sc.AddSingleton<TimeProvider>(clock);
        sc.AddMediaDbContextFactory(_ => _database.Connection with { ChangeFeed = ChangeFeeds.Polled });
        sc.AddSingleton<FilesChanges>();
        sc.AddSingleton<PolledChangeListener>();
        await using var services = sc.BuildServiceProvider();
        var heard = new List<string?>();
        services.GetRequiredService<FilesChanges>().Subscribe(c => { heard.Add(c.Name); return Task.CompletedTask; });
        var listener = services.GetRequiredService<PolledChangeListener>(); // polled by hand, never started
        await using var db = _database.CreateContext();
        var envelope = (string name) => $"elsewhere|files|{JsonSerializer.Serialize(Added(name))}";

        await listener.TakeMarkAsync(default);
        var top = await db.ChangeNotices.MaxAsync(n => (long?)n.Id) ?? 0;
        await WriteNoticeAsync(db, top + 2, envelope("early"));
        clock.Now += TimeSpan.FromSeconds(1);
        await listener.PollAsync(default);
        await WriteNoticeAsync(db, top + 1, envelope("late, within the window"));
        clock.Now += PolledChangeListener.ReReadWindow - TimeSpan.FromSeconds(2);
        await listener.PollAsync(default);
        clock.Now += TimeSpan.FromSeconds(2);
        await listener.PollAsync(default); // the window now starts above top + 2
        await WriteNoticeAsync(db, top + 3, envelope("next"));
        await listener.PollAsync(default);

        heard.ShouldBe(["early", "late, within the window", "next"]);
        listener.RememberedIds.ShouldBe([top + 3]);
    }

    [Fact]
    public async Task Prune_DeletesOnlyRowsOlderThanTenMinutes()
    {
        await using (var db = _database.CreateContext())
        {
            var now = DateTime.UtcNow;
            db.ChangeNotices.AddRange(
                new ChangeNotice { Envelope = "x|files|old", CreatedUtc = now - TimeSpan.FromMinutes(11) },
                new ChangeNotice { Envelope = "x|files|recent", CreatedUtc = now - TimeSpan.FromMinutes(9) },
                new ChangeNotice { Envelope = "x|files|new", CreatedUtc = now });
            await db.SaveChangesAsync();
        }
        var sc = new ServiceCollection();
        sc.AddLogging();
        sc.AddSingleton(TimeProvider.System);
        sc.AddMediaDbContextFactory(_ => _database.Connection with { ChangeFeed = ChangeFeeds.Polled });
        sc.AddSingleton<PolledChangeListener>();
        await using var services = sc.BuildServiceProvider();

        var pruned = await services.GetRequiredService<PolledChangeListener>().PruneAsync(CancellationToken.None);

        pruned.ShouldBe(1);
        await using var check = _database.CreateContext();
        (await check.ChangeNotices.OrderBy(n => n.Id).Select(n => n.Envelope).ToListAsync()).ShouldBe(["x|files|recent", "x|files|new"]);
    }

    [Fact]
    public async Task InProcessFeed_SaveWritesNoNotice()
    {
        var sc = new ServiceCollection();
        sc.AddLogging();
        sc.AddMediaDbContextFactory(_ => _database.Connection with { ChangeFeed = ChangeFeeds.InProcess });
        sc.AddSingleton<FilesChanges>();
        await using var services = sc.BuildServiceProvider();
        var heard = new List<FilesChange>();
        services.GetRequiredService<FilesChanges>().Subscribe(c => { heard.Add(c); return Task.CompletedTask; });

        await PublishAsync(services, "here");

        heard.ShouldBe([Added("here")]);
        await using var db = _database.CreateContext();
        (await db.ChangeNotices.CountAsync()).ShouldBe(0);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Once armed, holds the next commit until <see cref="Release"/> (or fails it, with <see cref="Fail"/>):
    /// everything in the transaction ran, ids included.</summary>
    private sealed class CommitGate : DbTransactionInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public bool Fail { get; init; }

        public bool Armed { set => Volatile.Write(ref _armed, value ? 1 : 0); }

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                if (Fail) throw new InvalidOperationException("Simulated failure at commit");
                _reached.TrySetResult();
                await _released.Task;
            }
            return result;
        }
    }

    /// <summary>While <see cref="Failing"/>, every read of <c>ChangeNotices</c> fails as if the database were away.</summary>
    private sealed class ReadBreaker : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _failing;

        public bool Failing { set => _failing = value; }

        /// <summary>Completes when a read failed.</summary>
        public Task Failed => _failed.Task;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (_failing && command.CommandText.Contains("ChangeNotices", StringComparison.Ordinal))
            {
                _failed.TrySetResult();
                throw new InvalidOperationException("Simulated database outage");
            }
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
