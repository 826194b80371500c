using BlazorMedia.Configuration;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Media;

/// <summary>Registration and mapping of the media endpoint; called from <see cref="BlazorMediaExtensions"/>.</summary>
internal static class MediaServingExtensions
{
    /// <summary>Options, signing key and <see cref="MediaUrlSigner"/>. Needs an <see cref="Storage.IFileStorage"/>
    /// registered by the storage backend.</summary>
    public static IServiceCollection AddMediaServing(this IServiceCollection services)
    {
        services.AddOptions<MediaServingOptions>().BindConfiguration(MediaOptions.SectionName); // validated by StartupChecks
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaServingOptions>, MediaServingOptionsValidator>());
        services.AddDataProtection();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MediaSigningKey>();
        services.TryAddScoped<MediaLinks>();
        services.TryAddSingleton(sp => new MediaUrlSigner(
            sp.GetRequiredService<Storage.IFileStorage>(),
            sp.GetRequiredService<IOptions<MediaServingOptions>>(),
            sp.GetRequiredService<MediaSigningKey>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Maps GET and HEAD <c>{Media:Url path}/{**name}</c>. The status-code page is skipped: a media URL
    /// answers with a bare status, never with the app's HTML.</summary>
    public static IEndpointRouteBuilder MapMediaEndpoint(this IEndpointRouteBuilder endpoints)
    {
        var media = endpoints.ServiceProvider.GetRequiredService<IOptions<MediaOptions>>().Value;
        var pattern = MediaEndpoint.RoutePrefix(media.Url) + "/{**name}";
        endpoints.MapMethods(pattern, [HttpMethods.Get, HttpMethods.Head], MediaEndpoint.HandleAsync)
            .WithMetadata(SkipStatusCodePages.Instance)
            .WithName("Media")
            .ExcludeFromDescription();
        // Media URLs are read-only. Without this, other methods would fall through to the Razor components endpoint.
        endpoints.MapMethods(pattern, [HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch], (HttpContext http) =>
            {
                http.Response.Headers.Allow = "GET, HEAD";
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
            })
            .WithMetadata(SkipStatusCodePages.Instance)
            .DisableAntiforgery()
            .ExcludeFromDescription();
        return endpoints;
    }
}

/// <summary>Endpoint metadata that turns off <c>UseStatusCodePagesWithReExecute</c> for the media endpoint.</summary>
file sealed class SkipStatusCodePages : ISkipStatusCodePagesMetadata
{
    public static readonly SkipStatusCodePages Instance = new();
}
