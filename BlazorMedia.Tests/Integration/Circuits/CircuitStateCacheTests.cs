using BlazorMedia.Circuits;
using BlazorMedia.Data;
using BlazorMedia.Tests.Features.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlazorMedia.Tests.Circuits;

/// <summary>Paused circuits kept in the database (<see cref="DatabaseCircuitStateCache"/> under .NET 10's HybridCache
/// circuit persistence), on the run's database: what one server process keeps, the next one (a restart, or another
/// instance) reads; rows are keyed by a hash, expire, and go when Blazor removes them.</summary>
[Trait("Database", "Each")]
public sealed class CircuitStateCacheTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private ProfileHarness _h = default!;

    public Task InitializeAsync()
    {
        _h = new ProfileHarness();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private IDbContextFactory<MediaDbContext> DbFactory => _h.Services.GetRequiredService<IDbContextFactory<MediaDbContext>>();

    /// <summary>One server process's view: its own memory cache in front of the shared database.</summary>
    private ServiceProvider ServerProcess()
    {
        var sc = new ServiceCollection();
        sc.AddLogging();
        sc.AddSingleton<TimeProvider>(_clock);
        sc.AddSingleton(DbFactory);
        sc.AddCircuitPersistence();
        return sc.BuildServiceProvider();
    }

    private async Task<List<CircuitState>> RowsAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.Set<CircuitState>().AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task State_KeptByOneProcess_IsReadByTheNextAndGoesWhenRemoved()
    {
        byte[] state = [1, 2, 3, 250];
        await using (var first = ServerProcess())
        {
            await first.GetRequiredService<HybridCache>().SetAsync("circuit:secret-one", state);
        }

        await using var next = ServerProcess();
        var cache = next.GetRequiredService<HybridCache>();
        var read = await cache.GetOrCreateAsync<byte[]>("circuit:secret-one",
            _ => throw new InvalidOperationException("not in the database"));
        read.ShouldBe(state);

        await cache.RemoveAsync("circuit:secret-one");
        (await RowsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Rows_KeyedByAHashAndExpired_AreNotServedAndGoOnTheNextWrite()
    {
        var cache = new DatabaseCircuitStateCache(DbFactory, _clock, NullLogger<DatabaseCircuitStateCache>.Instance);
        var hour = new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1) };
        await cache.SetAsync("circuit:secret-two", [7], hour);

        var row = (await RowsAsync()).ShouldHaveSingleItem();
        row.Key.ShouldMatch("^[0-9a-f]{64}$"); // the secret-derived key is not stored
        (await cache.GetAsync("circuit:secret-two")).ShouldBe([(byte)7]);

        await cache.SetAsync("circuit:secret-two", [8], hour); // a second pause of the same circuit replaces the first
        (await cache.GetAsync("circuit:secret-two")).ShouldBe([(byte)8]);

        _clock.Now += TimeSpan.FromHours(2);
        (await cache.GetAsync("circuit:secret-two")).ShouldBeNull();
        await cache.SetAsync("circuit:secret-three", [9], hour);
        (await RowsAsync()).ShouldHaveSingleItem().Value.ShouldBe([(byte)9]);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
