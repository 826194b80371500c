using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BlazorMedia.Uploads;

/// <summary>Files a page of this circuit received and keeps until the user saves (scoped: one per circuit). Blazor keeps
/// a circuit whose browser went away for a few minutes in case it reconnects; without this, every received-but-unsaved
/// upload (and its spool file) would stay on disk all that time. Held files go as soon as the circuit's connection
/// drops (<see cref="HeldUploadsCircuitHandler"/>), and the page is told so it can ask for the file again.</summary>
public sealed partial class HeldUploads(ILogger<HeldUploads> logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<Hold> _holds = [];
    private bool _disconnected;

    /// <summary>One kept file. <see cref="Release"/> before using the file for good (saving it), so a drop cannot dispose
    /// it underneath.</summary>
    public sealed class Hold
    {
        private readonly HeldUploads _owner;

        internal Hold(HeldUploads owner, ReceivedFile file, Func<ReceivedFile, Task> dropped)
        {
            _owner = owner;
            File = file;
            Dropped = dropped;
        }

        public ReceivedFile File { get; }

        internal Func<ReceivedFile, Task> Dropped { get; }

        /// <summary>Stops holding: the caller owns the file again. False when it was dropped already (disposed, and
        /// the page told).</summary>
        public bool Release() => _owner.Remove(this);
    }

    /// <summary>Number of files held now.</summary>
    public int Count
    {
        get { lock (_lock) return _holds.Count; }
    }

    /// <summary>Keeps <paramref name="file"/> for this circuit. If the connection drops first, the file is disposed
    /// (its spool deleted) and <paramref name="dropped"/> is called with it; also at once when it is down now.</summary>
    public Hold Keep(ReceivedFile file, Func<ReceivedFile, Task> dropped)
    {
        var hold = new Hold(this, file, dropped);
        bool down;
        lock (_lock)
        {
            down = _disconnected;
            if (!down) _holds.Add(hold);
        }
        if (down) _ = DropAsync([hold]);
        return hold;
    }

    private bool Remove(Hold hold)
    {
        lock (_lock) return _holds.Remove(hold);
    }

    /// <summary>The circuit lost its browser: every held file goes now.</summary>
    public async Task ConnectionDownAsync()
    {
        Hold[] dropped;
        lock (_lock)
        {
            _disconnected = true;
            dropped = [.. _holds];
            _holds.Clear();
        }
        if (dropped.Length > 0) LogDropped(logger, dropped.Length);
        await DropAsync(dropped);
    }

    /// <summary>The browser reconnected: files received from now on are held again.</summary>
    public void ConnectionUp()
    {
        lock (_lock) _disconnected = false;
    }

    private static async Task DropAsync(Hold[] holds)
    {
        foreach (var hold in holds)
        {
            await hold.File.DisposeAsync();
            await hold.Dropped(hold.File);
        }
    }

    /// <summary>The circuit ended: whatever is still held goes (pages dispose theirs too; disposing twice is harmless).</summary>
    public async ValueTask DisposeAsync()
    {
        Hold[] left;
        lock (_lock)
        {
            left = [.. _holds];
            _holds.Clear();
        }
        foreach (var hold in left) await hold.File.DisposeAsync();
    }

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "A circuit's connection dropped: {Count} received, unsaved upload(s) removed")]
    private static partial void LogDropped(ILogger logger, int count);
}

/// <summary>Tells the circuit's <see cref="HeldUploads"/> when its connection goes down and comes back.</summary>
public sealed class HeldUploadsCircuitHandler(HeldUploads held) : CircuitHandler
{
    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken) => held.ConnectionDownAsync();

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        held.ConnectionUp();
        return Task.CompletedTask;
    }
}
