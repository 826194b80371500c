using BlazorMedia.Catalog;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Features.Profiles;

internal static class ProfilesServiceCollectionExtensions
{
    public static IServiceCollection AddProfiles(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFileReferences, ProfileFileReferences>());
        services.TryAddScoped<ProfileService>();
        services.TryAddSingleton<ProfileChanges>();
        return services;
    }
}
