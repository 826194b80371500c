using BlazorMedia.Catalog;
using BlazorMedia.Imaging;
using BlazorMedia.Imaging.ImageSharp;
using BlazorMedia.Imaging.LibVips;
using BlazorMedia.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Imaging;

public sealed class ImagingRegistrationTests
{
    [Fact]
    public void AddMediaImaging_WithStorage_ResolvesEveryService()
    {
        using var provider = Services().AddSingleton<IFileStorage, FakeImageStorage>()
            .AddMediaImaging().AddCatalog().BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetRequiredService<ImageInspector>().ShouldNotBeNull();
        scope.ServiceProvider.GetRequiredService<ThumbnailGenerator>().ShouldNotBeNull();
        scope.ServiceProvider.GetRequiredService<ThumbnailService>().ShouldNotBeNull();
    }

    [Fact]
    public void AddMediaImaging_CalledTwice_RegistersOnce()
    {
        var services = new ServiceCollection().AddMediaImaging().AddMediaImaging();

        services.Count(d => d.ServiceType == typeof(ThumbnailGenerator)).ShouldBe(1);
        services.Count(d => d.ServiceType == typeof(IImageEngine)).ShouldBe(1);
    }

    [Theory]
    [InlineData(null, typeof(LibVipsEngine))]
    [InlineData("LibVips", typeof(LibVipsEngine))]
    [InlineData("ImageSharp", typeof(ImageSharpEngine))]
    public void AddMediaImaging_EngineSetting_ThatEngine(string? setting, Type engine)
    {
        using var provider = Services(new() { ["Imaging:Engine"] = setting }).AddMediaImaging().BuildServiceProvider();

        provider.GetRequiredService<IImageEngine>().ShouldBeOfType(engine);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Imaging:Quality", "0", "Imaging:Quality 0 must be between 1 and 100." },
        { "Imaging:ThumbnailQuality", "101", "Imaging:ThumbnailQuality 101 must be between 1 and 100." },
        { "Imaging:ImageSharpAllocationLimitMegabytes", "8", "Imaging:ImageSharpAllocationLimitMegabytes 8 must be between 16 and 4096." },
        { "Imaging:Engine", "7", "Imaging:Engine '7' is not supported; use one of: LibVips, ImageSharp." },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void ImagingOptions_BadValue_RefusedWithMessage(string key, string value, string message)
    {
        using var provider = Services(new() { [key] = value }).AddMediaImaging().BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ImagingOptions>>().Value)
            .Failures.ShouldBe([message]);
    }

    private static IServiceCollection Services(Dictionary<string, string?>? settings = null) =>
        new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
}
