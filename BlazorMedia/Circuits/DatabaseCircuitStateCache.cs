using System.Security.Cryptography;
using System.Text;
using BlazorMedia.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;

namespace BlazorMedia.Circuits;

/// <summary>The distributed half of the cache that keeps paused circuits (.NET 10's <c>HybridCache</c> circuit
/// persistence), on the app's own database. When a page pauses its circuit (the tab goes to the background), Blazor first
/// tries to hand the state to the browser; when that hand-over loses the race with the page's own disconnect, the state
/// lands here instead of in one process's memory, so the page still resumes with what the user typed after the server
/// restarts, or on another instance that shares the database. Blazor removes the entry when the circuit resumes; expired
/// rows go on the next write.</summary>
public sealed partial class DatabaseCircuitStateCache(IDbContextFactory<MediaDbContext> dbFactory, TimeProvider time,
    ILogger<DatabaseCircuitStateCache> logger) : IDistributedCache
{
    /// <summary>Blazor keeps a paused circuit 8 hours by default (<c>PersistedCircuitDistributedRetentionPeriod</c>).</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var hashed = Hash(key);
        var now = NowMs();
        await using var db = await dbFactory.CreateDbContextAsync(token);
        var value = await db.Set<CircuitState>().AsNoTracking()
            .Where(s => s.Key == hashed && s.ExpiresUnixMs > now).Select(s => s.Value).FirstOrDefaultAsync(token);
        if (value is not null) Log.Restored(logger, hashed[..12]);
        return value;
    }

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        SetAsync(key, value, options).GetAwaiter().GetResult();

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var hashed = Hash(key);
        var now = time.GetUtcNow();
        var expires = options.AbsoluteExpiration
            ?? now + (options.AbsoluteExpirationRelativeToNow ?? options.SlidingExpiration ?? DefaultLifetime);
        await using var db = await dbFactory.CreateDbContextAsync(token);
        await db.Set<CircuitState>().Where(s => s.ExpiresUnixMs <= now.ToUnixTimeMilliseconds() || s.Key == hashed)
            .ExecuteDeleteAsync(token);
        db.Add(new CircuitState { Key = hashed, Value = value, ExpiresUnixMs = expires.ToUnixTimeMilliseconds() });
        await db.SaveChangesAsync(token);
        Log.Stored(logger, hashed[..12], value.Length);
    }

    /// <summary>Entries live to their absolute expiry (Blazor sets no sliding one), so a read does not extend them.</summary>
    public void Refresh(string key) { }

    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        var hashed = Hash(key);
        await using var db = await dbFactory.CreateDbContextAsync(token);
        await db.Set<CircuitState>().Where(s => s.Key == hashed).ExecuteDeleteAsync(token);
    }

    private long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static partial class Log
    {
        [LoggerMessage(EventId = 901, Level = LogLevel.Information,
            Message = "Paused circuit state {Key} kept in the database ({Bytes} bytes)")]
        public static partial void Stored(ILogger logger, string key, int bytes);

        [LoggerMessage(EventId = 902, Level = LogLevel.Information, Message = "Paused circuit state {Key} read from the database")]
        public static partial void Restored(ILogger logger, string key);
    }
}
