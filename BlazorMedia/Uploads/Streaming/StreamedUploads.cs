using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads.Streaming;

/// <summary>A ticket for one streaming upload: <see cref="UploadId"/> names it in the registry, <see cref="Ticket"/>
/// is the credential the browser puts in the POST's URL.</summary>
public sealed record IssuedUpload(string UploadId, string Ticket);

/// <summary>The upload a valid ticket opened: what the endpoint needs to receive it. <paramref name="Refused"/> is set
/// when the ticket's POST was already refused and this is the browser replaying it: answer that refusal again and
/// read nothing.</summary>
public sealed record OpenedUpload(string UploadId, UploadField Field, UploadRejectedException? Refused = null);

/// <summary>A ticket the endpoint refuses, with the HTTP status and a message for the user.</summary>
public sealed class UploadTicketException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>Large files bypass the circuit: the page asks for a ticket (<see cref="Issue"/>), the browser POSTs the
/// file to <c>/uploads/{ticket}</c>, the endpoint receives it through the same <see cref="UploadService"/> and parks
/// the verdict here (<see cref="CompleteAsync"/> / <see cref="Fail"/>), and only the page session that asked may
/// <see cref="Claim"/> it. A ticket opens one POST only. Whatever is not claimed in time, or whose session ends, is
/// disposed, and its spool file with it.</summary>
public sealed partial class StreamedUploads : IAsyncDisposable
{
    private const string Purpose = "BlazorMedia.Uploads.StreamingTicket.v1";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ITimeLimitedDataProtector _protector;
    private readonly IOptions<UploadsOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StreamedUploads> _logger;
    private readonly ITimer _sweepTimer;

    public StreamedUploads(IDataProtectionProvider protection, IOptions<UploadsOptions> options, TimeProvider time,
        ILogger<StreamedUploads> logger)
    {
        _protector = protection.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        this._options = options;
        this._time = time;
        this._logger = logger;
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, Lifetime.Ticks / 4));
        _sweepTimer = time.CreateTimer(_ => _ = SweepAsync(), null, period, period);
    }

    private TimeSpan Lifetime => _options.Value.StreamingTicketLifetime;

    /// <summary>Uploads waiting for a POST, being received, or waiting to be claimed.</summary>
    public int Count => _entries.Count;

    private enum State { Issued, Receiving, Received, Abandoned }

    private sealed class Entry(string sessionId, UploadField field, string? userId, DateTimeOffset expires)
    {
        public readonly string SessionId = sessionId;
        public readonly UploadField Field = field;
        public readonly string? UserId = userId;
        public DateTimeOffset Expires = expires;
        public State State;
        public ReceivedFile? File;
        public UploadRejectedException? Error;
        public readonly TaskCompletionSource Settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Opens an upload for <paramref name="field"/> on behalf of the page session <paramref name="sessionId"/>
    /// and the signed-in user <paramref name="userId"/> (null: anonymous).</summary>
    public IssuedUpload Issue(string sessionId, UploadField field, string? userId)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = _time.GetUtcNow() + Lifetime;
        _entries[id] = new Entry(sessionId, field, userId, expires);
        var payload = string.Join('\n', id, field.Label, userId ?? "", field.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new IssuedUpload(id, _protector.Protect(payload, expires));
    }

    /// <summary>Checks a ticket for a POST by <paramref name="userId"/> and marks its upload as being received, so the
    /// same ticket cannot open a second POST.</summary>
    /// <exception cref="UploadTicketException">Forged, expired, used, or another user's ticket.</exception>
    public OpenedUpload Open(string ticket, string? userId)
    {
        string[] parts;
        try
        {
            // The protector checks the expiry with the system clock; the entry below checks it with ours.
            parts = _protector.Unprotect(ticket, out _).Split('\n');
        }
        catch (CryptographicException)
        {
            throw new UploadTicketException(StatusCodes.Status403Forbidden,
                "This upload link is not valid or has expired. Choose the file again.");
        }
        if (parts.Length != 4 || !_entries.TryGetValue(parts[0], out var entry) || entry.Field.Label != parts[1])
            throw new UploadTicketException(StatusCodes.Status410Gone,
                "This upload link has expired or the page that made it has closed. Choose the file again.");
        if ((userId ?? "") != parts[2] || entry.UserId != userId)
            throw new UploadTicketException(StatusCodes.Status403Forbidden,
                "This upload link belongs to another user. Choose the file again.");
        lock (entry)
        {
            // The server refuses an over-limit body without reading it; the browser, still sending, sees the
            // connection reset before the answer and Chromium replays the POST once on a new connection. The replay
            // gets the same refusal (nothing is read or stored), not a 409 the page would log as an error.
            if (entry.State == State.Received && entry.Error is { } refused)
                return new OpenedUpload(parts[0], entry.Field, refused);
            if (entry.State != State.Issued)
                throw new UploadTicketException(StatusCodes.Status409Conflict,
                    "This upload link has already been used. Choose the file again.");
            if (_time.GetUtcNow() > entry.Expires)
                throw new UploadTicketException(StatusCodes.Status410Gone,
                    "This upload link is not valid or has expired. Choose the file again.");
            entry.State = State.Receiving;
        }
        return new OpenedUpload(parts[0], entry.Field);
    }

    /// <summary>Parks a received file for its session to claim; disposes it if the session gave up meanwhile.</summary>
    public async Task CompleteAsync(string uploadId, ReceivedFile file)
    {
        if (_entries.TryGetValue(uploadId, out var entry))
            lock (entry)
                if (entry.State == State.Receiving)
                {
                    entry.File = file;
                    entry.State = State.Received;
                    entry.Expires = _time.GetUtcNow() + Lifetime;
                    entry.Settled.TrySetResult();
                    return;
                }
        await file.DisposeAsync();
        Settle(uploadId);
    }

    /// <summary>Records a refusal for the session to claim as an error, or forgets the upload if nobody waits.</summary>
    public void Fail(string uploadId, UploadRejectedException error)
    {
        if (_entries.TryGetValue(uploadId, out var entry))
            lock (entry)
                if (entry.State == State.Receiving)
                {
                    entry.Error = error;
                    entry.State = State.Received;
                    entry.Expires = _time.GetUtcNow() + Lifetime;
                    entry.Settled.TrySetResult();
                    return;
                }
        Settle(uploadId);
    }

    /// <summary>The POST ended without a verdict (the browser aborted or the connection dropped).</summary>
    public void Abort(string uploadId) => Settle(uploadId);

    /// <summary>Completes when the upload's POST has finished one way or another (or was never started and is gone).</summary>
    public Task WhenSettledAsync(string uploadId, CancellationToken cancellationToken) =>
        _entries.TryGetValue(uploadId, out var entry) ? entry.Settled.Task.WaitAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>True when the POST ended with a file or a refusal to claim (a browser may see a refusal as a dropped
    /// connection when the server answers before reading an over-limit body).</summary>
    public bool HasVerdict(string uploadId) => _entries.TryGetValue(uploadId, out var entry) && entry.State == State.Received;

    /// <summary>Hands the received file to the session that asked for it.</summary>
    /// <exception cref="UploadRejectedException">The file's own refusal, or why there is nothing to claim.</exception>
    public ReceivedFile Claim(string uploadId, string sessionId, string fileName)
    {
        if (!_entries.TryGetValue(uploadId, out var entry) || entry.SessionId != sessionId)
            throw new UploadRejectedException(fileName, "was not received: the upload belongs to another page or has expired. Choose the file again.");
        lock (entry)
        {
            if (entry.State != State.Received)
                throw new UploadRejectedException(fileName, "was not received completely. Choose the file again.");
            _entries.TryRemove(uploadId, out _);
            entry.State = State.Abandoned;
            return entry.File ?? throw entry.Error!;
        }
    }

    /// <summary>The session no longer wants this upload (cancelled): a parked file goes now, one still arriving goes
    /// when its POST ends.</summary>
    public ValueTask AbandonAsync(string uploadId, string sessionId) =>
        _entries.TryGetValue(uploadId, out var entry) && entry.SessionId == sessionId ? AbandonAsync(uploadId, entry) : ValueTask.CompletedTask;

    /// <summary>The page session ended (circuit closed): everything it opened goes.</summary>
    public async Task ReleaseSessionAsync(string sessionId)
    {
        foreach (var (id, entry) in _entries)
            if (entry.SessionId == sessionId)
                await AbandonAsync(id, entry);
    }

    /// <summary>Drops tickets never used and files never claimed within <see cref="UploadsOptions.StreamingTicketLifetime"/>.
    /// Runs on a timer; uploads still arriving are left to their POST.</summary>
    public async Task SweepAsync()
    {
        var now = _time.GetUtcNow();
        foreach (var (id, entry) in _entries)
            if (entry.State != State.Receiving && now > entry.Expires)
            {
                LogExpired(_logger, id);
                await AbandonAsync(id, entry);
            }
    }

    private async ValueTask AbandonAsync(string uploadId, Entry entry)
    {
        ReceivedFile? file;
        lock (entry)
        {
            file = entry.File;
            entry.File = null;
            var receiving = entry.State == State.Receiving;
            entry.State = State.Abandoned;
            // Still arriving: the POST finds it abandoned, disposes its file and removes the entry.
            if (!receiving) Settle(uploadId);
        }
        if (file is not null) await file.DisposeAsync();
    }

    private void Settle(string uploadId)
    {
        if (_entries.TryRemove(uploadId, out var entry)) entry.Settled.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _sweepTimer.DisposeAsync();
        foreach (var (id, entry) in _entries) await AbandonAsync(id, entry);
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Streaming upload {UploadId} expired unclaimed; its file was removed")]
    private static partial void LogExpired(ILogger logger, string uploadId);
}
