namespace BlazorMedia.Features.Files;

public enum FilesChangeKind
{
    FileAdded,
    FileRenamed,
    FileRemoved,
    FolderAdded,
    /// <summary>A folder was renamed, moved or deleted: <see cref="FilesChange.Folder"/> is its parent, Name its name.</summary>
    FolderRemoved,
    TrashChanged,
}

/// <summary>Something changed in <paramref name="Folder"/> ("" = the top level); a move publishes one change for each
/// of the two folders.</summary>
public sealed record FilesChange(FilesChangeKind Kind, string Folder, string? Name = null);

/// <summary>In-process feed of changes to Files that open pages subscribe to, so a second browser sees new files,
/// renames and deletions without reloading. Singleton: it reaches every circuit of this process only. Several app
/// instances would need a shared feed (e.g. PostgreSQL LISTEN/NOTIFY or a message bus) behind the same API.</summary>
public sealed partial class FilesChanges(ILogger<FilesChanges> logger)
{
    private readonly Lock _gate = new();
    private ImmutableHandlers _handlers = new([]);

    private sealed record ImmutableHandlers(Func<FilesChange, Task>[] Items);

    /// <summary>Calls <paramref name="handler"/> for every change until the returned subscription is disposed
    /// (components dispose it with the circuit, so a closed page leaves nothing behind).</summary>
    public IDisposable Subscribe(Func<FilesChange, Task> handler)
    {
        lock (_gate) _handlers = new([.. _handlers.Items, handler]);
        return new Subscription(this, handler);
    }

    public int SubscriberCount => _handlers.Items.Length;

    /// <summary>Tells every subscriber, after the change committed. A failing subscriber (a circuit going away) is
    /// logged and never fails the operation that published.</summary>
    public async Task PublishAsync(params FilesChange[] changes)
    {
        var handlers = _handlers.Items;
        foreach (var change in changes)
            foreach (var handler in handlers)
                try
                {
                    await handler(change);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    LogSubscriberFailed(logger, change.Kind, e.Message);
                }
    }

    private void Unsubscribe(Func<FilesChange, Task> handler)
    {
        lock (_gate) _handlers = new(_handlers.Items.Where(h => h != handler).ToArray());
    }

    private sealed class Subscription(FilesChanges owner, Func<FilesChange, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(handler);
        }
    }

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "A Files subscriber failed on {Kind}: {Reason}")]
    private static partial void LogSubscriberFailed(ILogger logger, FilesChangeKind kind, string reason);
}
