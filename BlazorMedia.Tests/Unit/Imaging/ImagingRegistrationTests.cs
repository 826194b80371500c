using BlazorMedia.Catalog;
using BlazorMedia.Imaging;
using BlazorMedia.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Imaging;

public sealed class ImagingRegistrationTests
{
    [Fact]
    public void AddMediaImaging_WithStorage_ResolvesEveryService()
    {
        var services = new ServiceCollection().AddSingleton<IFileStorage, FakeImageStorage>();

        using var provider = services.AddMediaImaging().AddCatalog().BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetRequiredService<ImageInspector>().ShouldNotBeNull();
        scope.ServiceProvider.GetRequiredService<ImageProcessor>().ShouldNotBeNull();
        scope.ServiceProvider.GetRequiredService<ThumbnailGenerator>().ShouldNotBeNull();
        scope.ServiceProvider.GetRequiredService<ThumbnailService>().ShouldNotBeNull();
    }

    [Fact]
    public void AddMediaImaging_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection().AddMediaImaging().AddMediaImaging();

        services.Count(d => d.ServiceType == typeof(ThumbnailGenerator)).ShouldBe(1);
    }
}
