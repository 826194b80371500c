using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Features.Profiles;

internal static class ProfilesServiceCollectionExtensions
{
    public static IServiceCollection AddProfiles(this IServiceCollection services)
    {
        services.TryAddScoped<FileLifecycle>();
        services.TryAddScoped<ProfileService>();
        return services;
    }
}
