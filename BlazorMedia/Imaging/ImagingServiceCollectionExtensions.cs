using BlazorMedia.Imaging.ImageSharp;
using BlazorMedia.Imaging.LibVips;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Imaging;

internal static class ImagingServiceCollectionExtensions
{
    /// <summary>The engine <c>Imaging:Engine</c> names, inspection and thumbnail generation. All are stateless and
    /// thread-safe, so singletons. TryAdd so a host or test can replace any of them first.</summary>
    internal static IServiceCollection AddMediaImaging(this IServiceCollection services)
    {
        services.AddOptions<ImagingOptions>().BindConfiguration(ImagingOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ImagingOptions>, ImagingOptionsValidator>());
        services.TryAddSingleton<IImageEngine>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ImagingOptions>>().Value;
            return options.Engine == ImagingEngine.ImageSharp ? new ImageSharpEngine(options) : new LibVipsEngine(options);
        });
        services.TryAddSingleton<ImageInspector>();
        services.TryAddSingleton<ThumbnailGenerator>();
        return services;
    }
}
