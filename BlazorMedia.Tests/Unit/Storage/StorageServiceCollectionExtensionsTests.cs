using BlazorMedia.Storage;
using BlazorMedia.Storage.FileSystem;
using BlazorMedia.Storage.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BlazorMedia.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests
{
    private static readonly IConfiguration NoSettings = new ConfigurationBuilder().Build();

    private static readonly IConfiguration S3Settings = new ConfigurationBuilder().AddInMemoryCollection(
        new Dictionary<string, string?>
        {
            ["Storage:Backend"] = "S3",
            ["Storage:S3:Bucket"] = "media",
            ["Storage:S3:ServiceUrl"] = "http://127.0.0.1:9",
            ["Storage:S3:AccessKey"] = "k",
            ["Storage:S3:SecretKey"] = "s",
        }).Build();

    private static ServiceCollection Services(string? root = null, string url = "https://cdn.example.com/m/",
        IConfiguration? configuration = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration ?? NoSettings);
        services.AddLogging();
        services.AddOptions();
        services.AddSingleton<IHostEnvironment>(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = "/" });
        // The media root is validated when resolved: an existing, writable folder.
        services.Configure<MediaOptions>(o => { o.Root = root ?? Path.GetTempPath(); o.Url = url; });
        return services;
    }

    [Fact]
    public void AddMediaStorage_Default_OneFileSystemStorageBehindBothInterfaces()
    {
        using var provider = Services().AddMediaStorage(NoSettings).BuildServiceProvider();

        var storage = provider.GetRequiredService<IFileStorage>().ShouldBeOfType<FileSystemStorage>();
        provider.GetRequiredService<ILocalFileAccess>().ShouldBeSameAs(storage);
        provider.GetRequiredService<TimeProvider>().ShouldBeSameAs(TimeProvider.System);
    }

    [Fact]
    public void AddMediaStorage_OptionsFollowMediaSettings()
    {
        using var provider = Services().AddMediaStorage(NoSettings).BuildServiceProvider();

        provider.GetRequiredService<IFileStorage>().GetUrl("a b.png").ShouldBe("https://cdn.example.com/m/a%20b.png");
        provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<FileSystemStorageOptions>>().Value.Location.ShouldBe(Path.GetTempPath());
    }

    [Fact]
    public void AddMediaStorage_CalledTwice_RegistersEachServiceOnce()
    {
        var services = Services().AddMediaStorage(NoSettings).AddMediaStorage(NoSettings);

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

        using var provider = services.AddMediaStorage(NoSettings).BuildServiceProvider();

        provider.GetRequiredService<IFileStorage>().ShouldBeSameAs(mine);
    }

    [Fact]
    public void AddMediaStorage_BackendS3_OneS3StorageAndNoLocalFileAccess()
    {
        using var provider = Services(configuration: S3Settings).AddMediaStorage(S3Settings).BuildServiceProvider();

        provider.GetRequiredService<IFileStorage>().ShouldBeOfType<S3Storage>();
        provider.GetService<ILocalFileAccess>().ShouldBeNull();
        provider.GetServices<IHostedService>().ShouldBeEmpty();
    }

    [Fact]
    public void AddMediaStorage_BackendS3_PublicUrlsFollowMediaUrl()
    {
        using var provider = Services(configuration: S3Settings).AddMediaStorage(S3Settings).BuildServiceProvider();

        provider.GetRequiredService<IFileStorage>().GetUrl("a b.png").ShouldBe("https://cdn.example.com/m/a%20b.png");
    }

    [Fact]
    public void AddMediaStorage_BackendS3CalledTwice_RegistersOneStorage()
    {
        var services = Services(configuration: S3Settings).AddMediaStorage(S3Settings).AddMediaStorage(S3Settings);

        services.Count(d => d.ServiceType == typeof(IFileStorage)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(S3Storage)).ShouldBe(1);
    }
}
