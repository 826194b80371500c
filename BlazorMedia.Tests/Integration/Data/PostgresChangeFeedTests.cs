using System.Data.Common;
using System.Threading.Channels;
using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Features.Files;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Data;

/// <summary>The change feed between instances on PostgreSQL (<see cref="ChangeFeed"/>, <see cref="PostgresChangeListener"/>):
/// two instances (each its own services, feed and LISTEN connection) on one database of a server of the class's own,
/// which one test restarts. What A commits reaches B's subscribers; what rolls back never does; A's own subscribers
/// hear it once; after the server restarts, B's subscribers are told once to reload and then hear the next change.</summary>
public sealed class PostgresChangeFeedTests(PostgresServer server) : IClassFixture<PostgresServer>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = FeedInstances<PostgresChangeListener>.Patience;
    private FeedInstances<PostgresChangeListener> _instances = default!;
    private TestDatabase _database = default!;

    public async Task InitializeAsync()
    {
        _database = await server.CreateTestDatabaseAsync();
        await using var db = _database.CreateContext();
        await db.Database.MigrateAsync();
        _instances = new(_database.Connection, l => l.Listening);
    }

    public async Task DisposeAsync() => await _instances.DisposeAsync();

    private Task<(ServiceProvider Services, ChannelReader<FilesChange> Heard)> StartInstanceAsync(IInterceptor? interceptor = null) =>
        _instances.StartAsync(interceptor);

    /// <summary>Adds folder <paramref name="name"/> through <paramref name="instance"/>, with its change staged on the save.</summary>
    private static async Task AddFolderAsync(ServiceProvider instance, string name)
    {
        await using var db = await instance.GetRequiredService<IDbContextFactory<MediaDbContext>>().CreateDbContextAsync();
        db.Folders.Add(CatalogFolders.NewFolder(name, DateTime.UtcNow));
        instance.GetRequiredService<FilesChanges>().Stage(db, new FilesChange(FilesChangeKind.FolderAdded, "", name));
        await db.SaveChangesAsync();
    }

    private static Task<FilesChange> NextAsync(ChannelReader<FilesChange> heard) => FeedInstances<PostgresChangeListener>.NextAsync(heard);

    [Fact]
    public async Task ChangeCommittedOnA_HeardByBOnce_AndByAOnceNotEchoed()
    {
        var (a, heardOnA) = await StartInstanceAsync();
        var (b, heardOnB) = await StartInstanceAsync();

        await AddFolderAsync(a, "first");
        await AddFolderAsync(a, "second");

        (await NextAsync(heardOnB)).ShouldBe(new FilesChange(FilesChangeKind.FolderAdded, "", "first"));
        (await NextAsync(heardOnB)).ShouldBe(new FilesChange(FilesChangeKind.FolderAdded, "", "second"));
        // A marker from B reaches A after any echo of A's own two would have (one channel, commit order).
        await AddFolderAsync(b, "marker");
        (await NextAsync(heardOnA)).Name.ShouldBe("first");
        (await NextAsync(heardOnA)).Name.ShouldBe("second");
        (await NextAsync(heardOnA)).Name.ShouldBe("marker", "A heard its own change twice");
    }

    [Fact]
    public async Task ChangeRolledBack_NeverHeardByAnyone()
    {
        var breaker = new CommitBreaker();
        var (a, heardOnA) = await StartInstanceAsync(breaker);
        var (_, heardOnB) = await StartInstanceAsync();

        breaker.Armed = true; // pg_notify runs inside the transaction, then the commit fails
        (await Should.ThrowAsync<Exception>(() => AddFolderAsync(a, "rolled-back"))).Message.ShouldContain("Simulated failure at commit");
        await AddFolderAsync(a, "committed");

        (await NextAsync(heardOnB)).Name.ShouldBe("committed");
        (await NextAsync(heardOnA)).Name.ShouldBe("committed");
        await using var db = _database.CreateContext();
        (await db.Folders.AnyAsync(f => f.Path == "rolled-back")).ShouldBeFalse();
    }

    [Fact]
    public async Task DatabaseRestarts_BIsToldToReload_ThenHearsTheNextChange()
    {
        var (a, _) = await StartInstanceAsync();
        var (b, heardOnB) = await StartInstanceAsync();

        await server.RestartAsync();

        (await NextAsync(heardOnB)).Kind.ShouldBe(FilesChangeKind.Reset); // it is back: changes in between were missed
        await b.GetRequiredService<PostgresChangeListener>().Listening.WaitAsync(Patience);
        heardOnB.TryRead(out var more).ShouldBeFalse($"one reset, once back, not {more}");
        await AddFolderAsync(a, "after-restart");
        (await NextAsync(heardOnB)).ShouldBe(new FilesChange(FilesChangeKind.FolderAdded, "", "after-restart"));
        // Still running: a listener that ended with an exception would have stopped its host.
        b.GetRequiredService<PostgresChangeListener>().ExecuteTask!.IsCompleted.ShouldBeFalse();
    }

    /// <summary>Fails the next commit, once armed: the transaction rolls back after everything in it ran.</summary>
    private sealed class CommitBreaker : DbTransactionInterceptor
    {
        public bool Armed { get; set; }

        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (!Armed) return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
            Armed = false;
            throw new InvalidOperationException("Simulated failure at commit");
        }
    }
}
