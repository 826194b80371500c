using System.Threading.Channels;
using BlazorMedia.Data;
using BlazorMedia.Features.Files;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorMedia.Tests.Data;

/// <summary>App instances on one database for the change feed's tests: each its own services, <see cref="ChangeFeed"/>
/// and <typeparamref name="TListener"/>, started and listening; disposing stops them all.</summary>
internal sealed class FeedInstances<TListener>(MediaDatabaseConnection database, Func<TListener, Task> listening,
    Action<IServiceCollection>? configure = null) : IAsyncDisposable where TListener : BackgroundService
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly List<ServiceProvider> _instances = [];

    /// <summary>An instance listening on the database (<paramref name="interceptor"/> on its contexts), and what its
    /// Files subscribers receive.</summary>
    public async Task<(ServiceProvider Services, ChannelReader<FilesChange> Heard)> StartAsync(IInterceptor? interceptor = null)
    {
        var sc = new ServiceCollection();
        sc.AddLogging();
        sc.AddSingleton(TimeProvider.System);
        configure?.Invoke(sc);
        sc.AddMediaDbContextFactory(_ => database, (_, o) =>
        {
            if (interceptor is not null) o.AddInterceptors(interceptor);
        });
        sc.AddSingleton<FilesChanges>();
        sc.AddSingleton<TListener>();
        var services = sc.BuildServiceProvider();
        _instances.Add(services);
        var heard = Channel.CreateUnbounded<FilesChange>();
        services.GetRequiredService<FilesChanges>().Subscribe(c => heard.Writer.WriteAsync(c).AsTask());
        var listener = services.GetRequiredService<TListener>();
        await listener.StartAsync(CancellationToken.None);
        await listening(listener).WaitAsync(Patience);
        return (services, heard.Reader);
    }

    public static async Task<FilesChange> NextAsync(ChannelReader<FilesChange> heard) => await heard.ReadAsync().AsTask().WaitAsync(Patience);

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.GetRequiredService<TListener>().StopAsync(CancellationToken.None);
            await instance.DisposeAsync();
        }
    }
}
