namespace BlazorMedia.Spooling;

internal static class SpoolingServiceCollectionExtensions
{
    /// <summary>Makes <c>IOptions&lt;SpoolOptions&gt;</c> resolvable: defaults, unless a module configures it (Uploads
    /// does, from its own settings). Idempotent.</summary>
    public static IServiceCollection AddSpooling(this IServiceCollection services) => services.AddOptions();
}
