using BlazorMedia.Configuration;
using BlazorMedia.Storage;
using BlazorMedia.Storage.FileSystem;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorMedia.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests
{
    private static ServiceCollection Services(string root = "/srv/media/", string url = "https://cdn.example.com/m/")
    {
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddOptions();
        services.Configure<MediaOptions>(o => { o.RootPath = root; o.Url = url; });
        return services;
    }

    [Fact]
    public void AddMediaStorage_Default_OneFileSystemStorageBehindBothInterfaces()
    {
        using var provider = Services().AddMediaStorage().BuildServiceProvider();

        var storage = provider.GetRequiredService<IFileStorage>().ShouldBeOfType<FileSystemStorage>();
        provider.GetRequiredService<ILocalFileAccess>().ShouldBeSameAs(storage);
        provider.GetRequiredService<TimeProvider>().ShouldBeSameAs(TimeProvider.System);
    }

    [Fact]
    public void AddMediaStorage_OptionsFollowMediaSettings()
    {
        using var provider = Services().AddMediaStorage().BuildServiceProvider();

        provider.GetRequiredService<IFileStorage>().GetUrl("a b.png").ShouldBe("https://cdn.example.com/m/a%20b.png");
        provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<FileSystemStorageOptions>>().Value.Location.ShouldBe("/srv/media/");
    }

    [Fact]
    public void AddMediaStorage_CalledTwice_RegistersEachServiceOnce()
    {
        var services = Services().AddMediaStorage().AddMediaStorage();

        services.Count(d => d.ServiceType == typeof(IFileStorage)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(ILocalFileAccess)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IHostedService)).ShouldBe(1);
    }

    [Fact]
    public void AddMediaStorage_BackendAlreadyRegistered_KeepsIt()
    {
        var services = Services();
        var mine = new InMemoryStorage();
        services.AddSingleton<IFileStorage>(mine);

        using var provider = services.AddMediaStorage().BuildServiceProvider();

        provider.GetRequiredService<IFileStorage>().ShouldBeSameAs(mine);
    }
}
