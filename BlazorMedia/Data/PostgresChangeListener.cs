using System.Threading.Channels;
using Npgsql;

namespace BlazorMedia.Data;

/// <summary>On PostgreSQL, hears the changes other instances commit (<c>LISTEN</c> on <see cref="ChangeFeed.Channel"/>,
/// one dedicated connection outside the pool) and hands them to this process's subscribers. When the connection drops
/// (a database restart), it reconnects every <see cref="RetryDelay"/>, and once it listens again subscribers are told
/// to reload (changes made in between were not heard; telling them while the database is still away would only make
/// their reloads fail). Unless the feed is <c>Notify</c> (<see cref="ChangeFeeds"/>) it does nothing.</summary>
public sealed class PostgresChangeListener(MediaDatabaseConnection database, ChangeFeed feed, TimeProvider time,
    ILogger<PostgresChangeListener> logger) : BackgroundService
{
    internal static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once LISTEN is in place (again, after a lost connection): changes committed from then on are heard.</summary>
    internal Task Listening => Volatile.Read(ref _listening).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Feed != ChangeFeeds.Notify) return;
        // Keepalive: a connection that dies silently (a network partition, not a restart) is noticed within a minute.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, KeepAlive = 30 }.ConnectionString;
        var received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var dispatch = DispatchAsync(received.Reader, stoppingToken);
        var interrupted = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => received.Writer.TryWrite(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeFeed.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                ChangeFeedLog.Listening(logger, ChangeFeed.Channel);
                _listening.TrySetResult();
                if (interrupted)
                {
                    interrupted = false;
                    await feed.ResetAsync();
                }
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever broke the connection: an escaping exception would stop the host (BackgroundService's default).
                if (!interrupted)
                {
                    interrupted = true;
                    if (_listening.Task.IsCompleted) Volatile.Write(ref _listening, new(TaskCreationOptions.RunContinuationsAsynchronously));
                    ChangeFeedLog.Lost(logger, e.Message);
                }
                try { await Task.Delay(RetryDelay, time, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        received.Writer.TryComplete();
        await dispatch;
    }

    /// <summary>Subscribers run here, not in Npgsql's notification callback, so a slow one never holds up reading.</summary>
    private async Task DispatchAsync(ChannelReader<string> received, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var envelope in received.ReadAllAsync(stoppingToken))
                await feed.OnNotificationAsync(envelope);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
