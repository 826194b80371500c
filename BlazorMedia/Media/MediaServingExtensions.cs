using BlazorMedia.Storage;
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
        // Serving decides which prefixes are private and which types are safe; a bucket backend signs and labels
        // its objects by the same rules.
        services.TryAddSingleton<IObjectHeaders, MediaObjectHeaders>();
        services.AddOptions<Storage.S3.S3StorageOptions>()
            .Configure<IOptions<MediaServingOptions>>((o, serving) => o.PrivatePrefixes = serving.Value.EffectivePrivatePrefixes);
        services.AddOptions<Storage.AzureBlob.AzureBlobStorageOptions>()
            .Configure<IOptions<MediaServingOptions>>((o, serving) => o.PrivatePrefixes = serving.Value.EffectivePrivatePrefixes);
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

    /// <summary>Serves <c>{Media:Url path}/**</c> from a terminal middleware: GET and HEAD get the file, other
    /// methods 405 (media URLs are read-only). Placed before routing, status-code pages and antiforgery, so a media
    /// request pays for none of them, and a media URL answers with a bare status, never with the app's HTML.</summary>
    /// <remarks>Measured with <c>bench/serving.sh</c>; see bench/serving/README.md.</remarks>
    public static IApplicationBuilder UseMediaServing(this IApplicationBuilder app)
    {
        var sp = app.ApplicationServices;
        var media = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
        var storage = sp.GetRequiredService<Storage.IFileStorage>();
        var services = new MediaServices(
            storage,
            storage as Storage.ILocalFileAccess,
            sp.GetRequiredService<MediaUrlSigner>(),
            sp.GetRequiredService<IOptions<MediaServingOptions>>().Value,
            media.RootPath,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MediaEndpoint)));
        var prefix = new PathString(MediaEndpoint.RoutePrefix(media.Url));
        return app.Use(next => http =>
        {
            if (!http.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase, out var rest))
                return next(http);
            var method = http.Request.Method;
            if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
                return MediaEndpoint.ServeAsync(http, rest.HasValue ? rest.Value![1..] : null, services);
            http.Response.Headers.Allow = "GET, HEAD";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        });
    }
}

/// <summary>What the media middleware needs, resolved once at start-up (all singletons).</summary>
internal sealed record MediaServices(
    Storage.IFileStorage Storage,
    Storage.ILocalFileAccess? Local,
    MediaUrlSigner Signer,
    MediaServingOptions Serving,
    string RootPath,
    ILogger Logger);
