using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace BlazorMedia.Storage.Sftp;

/// <summary><see cref="SftpStorageOptions.PoolSize"/> SSH connections, each one SFTP session shared by concurrent
/// operations (SFTP numbers its requests, so one session carries many at once); operations take the slots in turn. A
/// slot connects on first use and again after its session dropped (server restart, idle timeout, network): an
/// operation that finds its session gone is retried once on a fresh one when it is safe to repeat.</summary>
internal sealed partial class SftpConnectionPool : IDisposable
{
    private readonly SftpStorageOptions _options;
    private readonly ILogger _logger;
    private readonly SftpClient?[] _clients;
    private readonly SemaphoreSlim[] _connecting;
    private int _next = -1;
    private bool _disposed;

    public SftpConnectionPool(SftpStorageOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _clients = new SftpClient?[options.PoolSize];
        _connecting = [.. Enumerable.Range(0, options.PoolSize).Select(_ => new SemaphoreSlim(1, 1))];
    }

    /// <summary>How many sessions were opened so far (tests check reconnection and pooling with it).</summary>
    public int Connections => _connections;
    private int _connections;

    /// <summary>Runs <paramref name="operation"/> on a connected session. When the session turns out to have dropped,
    /// the slot reconnects and, if <paramref name="repeatable"/>, the operation runs once more.</summary>
    public async Task<T> RunAsync<T>(Func<SftpClient, Task<T>> operation, bool repeatable, CancellationToken cancellationToken)
    {
        var slot = (int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length);
        var client = await ConnectedAsync(slot, cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation(client).ConfigureAwait(false);
        }
        catch (Exception e) when (IsDropped(e, client))
        {
            Log.SessionDropped(_logger, _options.Host, _options.Port, e.Message);
            Forget(slot, client);
            if (!repeatable) throw;
            client = await ConnectedAsync(slot, cancellationToken).ConfigureAwait(false);
            return await operation(client).ConfigureAwait(false);
        }
    }

    private async Task<SftpClient> ConnectedAsync(int slot, CancellationToken cancellationToken)
    {
        var client = Volatile.Read(ref _clients[slot]);
        if (client is { IsConnected: true }) return client;
        await _connecting[slot].WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            client = _clients[slot];
            if (client is { IsConnected: true }) return client;
            client?.Dispose();
            _clients[slot] = null;
            var connected = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _clients[slot], connected);
            Interlocked.Increment(ref _connections);
            return connected;
        }
        finally
        {
            _connecting[slot].Release();
        }
    }

    private async Task<SftpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var methods = new List<AuthenticationMethod>();
        if (_options.PrivateKeyFile.Length > 0)
        {
            var key = _options.PrivateKeyPassphrase.Length > 0
                ? new PrivateKeyFile(_options.PrivateKeyFile, _options.PrivateKeyPassphrase)
                : new PrivateKeyFile(_options.PrivateKeyFile);
            methods.Add(new PrivateKeyAuthenticationMethod(_options.Username, key));
        }
        if (_options.Password.Length > 0) methods.Add(new PasswordAuthenticationMethod(_options.Username, _options.Password));
        var info = new Renci.SshNet.ConnectionInfo(_options.Host, _options.Port, _options.Username, [.. methods]) { Timeout = _options.Timeout };
        var client = new SftpClient(info) { OperationTimeout = _options.Timeout };
        string? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = "SHA256:" + e.FingerPrintSHA256;
            // Ordinal: base64 is case-sensitive, and a fingerprint either matches exactly or is another key.
            e.CanTrust = string.Equals(presented, _options.HostKeyFingerprint, StringComparison.Ordinal);
        };
        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (presented is not null && presented != _options.HostKeyFingerprint)
        {
            client.Dispose();
            Log.HostKeyRefused(_logger, _options.Host, _options.Port, presented, _options.HostKeyFingerprint);
            throw new StorageException("",
                $"SFTP server {_options.Host}:{_options.Port} presented host key {presented}, not the {_options.HostKeyFingerprint} " +
                "that Storage:Sftp:HostKeyFingerprint pins; refusing to connect. If the server's key was changed on purpose, " +
                "read the new one on the server (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and update the setting.", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The session is gone (not an SFTP error status such as "no such file").</summary>
    private static bool IsDropped(Exception e, SftpClient client) =>
        e is SshConnectionException or SocketException or ObjectDisposedException
        || (e is SshException or IOException && !client.IsConnected);

    private void Forget(int slot, SftpClient client)
    {
        if (Interlocked.CompareExchange(ref _clients[slot], null, client) == client)
        {
            // Disposing a dropped client can itself throw: it is gone either way.
            try { client.Dispose(); }
            catch (Exception e) when (e is SshException or SocketException or ObjectDisposedException) { }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        for (var i = 0; i < _clients.Length; i++)
        {
            var client = Interlocked.Exchange(ref _clients[i], null);
            try { client?.Dispose(); }
            catch (Exception e) when (e is SshException or SocketException or ObjectDisposedException) { }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3301, LogLevel.Warning, "SFTP session to {Host}:{Port} dropped ({Reason}); reconnecting")]
        public static partial void SessionDropped(ILogger logger, string host, int port, string reason);

        [LoggerMessage(3302, LogLevel.Error, "SFTP server {Host}:{Port} presented host key {Presented}, expected {Expected}; refused")]
        public static partial void HostKeyRefused(ILogger logger, string host, int port, string presented, string expected);
    }
}
