using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Data;

/// <summary>The change feed open pages subscribe to, with a backend chosen by <see cref="DatabaseOptions.ChangeFeed"/>.
/// A change is staged on the context that saves it (<see cref="ChangeTopic{T}.Stage(MediaDbContext, T[])"/>) and goes
/// out with that save: every subscriber of this process is told right after the commit, and the same save tells other
/// instances inside its transaction, so they hear of it when it commits and never of a change that rolled back:
/// <c>Notify</c> (PostgreSQL's default) runs <c>pg_notify</c>, heard through <c>LISTEN</c>
/// (<see cref="PostgresChangeListener"/>); <c>Polled</c> (SQL Server's default) writes a <see cref="ChangeNotice"/> row
/// that every instance reads (<see cref="PolledChangeListener"/>); <c>InProcess</c> (SQLite's default: one instance)
/// tells this process only. Singleton.</summary>
public sealed partial class ChangeFeed(IDbContextFactory<MediaDbContext> dbFactory, ILogger<ChangeFeed> logger)
{
    /// <summary>The PostgreSQL channel every instance listens on; payloads are <c>origin|topic|payload</c>.</summary>
    public const string Channel = "blazormedia_changes";

    private readonly Lock _gate = new();
    private Dictionary<string, ITopic> _topics = new(StringComparer.Ordinal);

    /// <summary>This process: its own notifications come back (LISTEN, ChangeNotices) and are skipped (it told its
    /// subscribers already, at commit).</summary>
    public string Origin { get; } = Guid.NewGuid().ToString("N");

    internal interface ITopic
    {
        Task OnRemoteAsync(string payload);

        Task OnResetAsync();
    }

    internal void Register(string topic, ITopic handler)
    {
        lock (_gate) _topics = new(_topics, StringComparer.Ordinal) { [topic] = handler };
    }

    internal string Envelope(string topic, string payload) => $"{Origin}|{topic}|{payload}";

    /// <summary>A context of its own for a notification sent after the fact.</summary>
    internal Task<MediaDbContext> CreateContextAsync() => dbFactory.CreateDbContextAsync();

    /// <summary>A notification from the database (any instance, this one included).</summary>
    internal async Task OnNotificationAsync(string envelope)
    {
        var parts = envelope.Split('|', 3);
        if (parts.Length != 3 || parts[0] == Origin) return;
        if (_topics.TryGetValue(parts[1], out var topic)) await topic.OnRemoteAsync(parts[2]);
        else LogUnknownTopic(logger, parts[1]);
    }

    /// <summary>The feed was interrupted (the database went away) and is back: changes may have been missed, so every
    /// subscriber reloads what it shows.</summary>
    internal async Task ResetAsync()
    {
        foreach (var topic in _topics.Values) await topic.OnResetAsync();
    }

    [LoggerMessage(EventId = 711, Level = LogLevel.Warning, Message = "A change notification named topic {Topic}, which this version does not know")]
    private static partial void LogUnknownTopic(ILogger logger, string topic);
}

/// <summary>One kind of change (Files, profiles) on the <see cref="ChangeFeed"/>: subscribers get <typeparamref name="T"/>
/// values, whether the change was made by this process or, through the database, by another instance; after the
/// feed was interrupted they get the topic's reset value, meaning "reload everything".</summary>
public abstract class ChangeTopic<T> : ChangeFeed.ITopic where T : notnull
{
    private readonly ChangeFeed _feed;
    private readonly string _topic;
    private readonly T _reset;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Func<T, Task>[] _handlers = [];

    protected ChangeTopic(ChangeFeed feed, string topic, T reset, ILogger logger)
    {
        (_feed, _topic, _reset, _logger) = (feed, topic, reset, logger);
        feed.Register(topic, this);
    }

    /// <summary>Calls <paramref name="handler"/> for every change until the returned subscription is disposed
    /// (components dispose it with the circuit, so a closed page leaves nothing behind).</summary>
    public IDisposable Subscribe(Func<T, Task> handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public int SubscriberCount => _handlers.Length;

    /// <summary>Publishes <paramref name="changes"/> with <paramref name="db"/>'s next save: to other instances in
    /// its transaction (PostgreSQL), to this process's subscribers once it committed. A save that fails publishes
    /// nothing.</summary>
    public void Stage(MediaDbContext db, params T[] changes) => Stage(db, () => changes);

    /// <summary><see cref="Stage(MediaDbContext, T[])"/> for changes known only once the rows are written (a new
    /// row's key): <paramref name="changes"/> runs inside the save, after the rows were written.</summary>
    public void Stage(MediaDbContext db, Func<T[]> changes)
    {
        T[]? made = null;
        db.StageChanges(() => (made = changes()).Select(c => _feed.Envelope(_topic, JsonSerializer.Serialize(c))),
            () => DeliverAsync(made ?? changes()));
    }

    /// <summary>Publishes after the fact, for an operation that spans several commits (a folder move): the
    /// notification goes in a transaction of its own, after everything it reports has committed.</summary>
    public async Task PublishAsync(params T[] changes)
    {
        await using var db = await _feed.CreateContextAsync();
        Stage(db, changes);
        await db.SaveChangesAsync(CancellationToken.None); // what it reports happened: tell it even if the caller gave up
    }

    private async Task DeliverAsync(IEnumerable<T> changes)
    {
        var handlers = _handlers;
        foreach (var change in changes)
            foreach (var handler in handlers)
                try
                {
                    await handler(change);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    ChangeFeedLog.SubscriberFailed(_logger, _topic, e.Message);
                }
    }

    Task ChangeFeed.ITopic.OnRemoteAsync(string payload)
    {
        T change;
        try
        {
            change = JsonSerializer.Deserialize<T>(payload)!;
        }
        catch (JsonException e)
        {
            ChangeFeedLog.BadPayload(_logger, _topic, e.Message);
            return Task.CompletedTask;
        }
        return DeliverAsync([change]);
    }

    Task ChangeFeed.ITopic.OnResetAsync() => DeliverAsync([_reset]);

    private void Unsubscribe(Func<T, Task> handler)
    {
        lock (_gate) _handlers = _handlers.Where(h => h != handler).ToArray();
    }

    private sealed class Subscription(ChangeTopic<T> owner, Func<T, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }
}

internal static partial class ChangeFeedLog
{
    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "A {Topic} subscriber failed: {Reason}")]
    public static partial void SubscriberFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 712, Level = LogLevel.Warning, Message = "A {Topic} change notification could not be read: {Reason}")]
    public static partial void BadPayload(ILogger logger, string topic, string reason);

    [LoggerMessage(EventId = 713, Level = LogLevel.Information, Message = "Listening for changes from other instances (PostgreSQL LISTEN {Channel})")]
    public static partial void Listening(ILogger logger, string channel);

    [LoggerMessage(EventId = 714, Level = LogLevel.Warning, Message = "The change feed lost its database connection ({Reason}); it reconnects, then open pages reload")]
    public static partial void Lost(ILogger logger, string reason);

    [LoggerMessage(EventId = 715, Level = LogLevel.Information, Message = "Reading changes from other instances every {Interval} (ChangeNotices)")]
    public static partial void Polling(ILogger logger, TimeSpan interval);
}
