using BlazorMedia.Data;

namespace BlazorMedia.Features.Profiles;

/// <summary>Profile <paramref name="Id"/> was created, changed or deleted; 0: the feed was interrupted (the database
/// restarted), so any profile may have changed.</summary>
public sealed record ProfileChange(int Id)
{
    public bool IsReset => Id == 0;
}

/// <summary>Changes to profiles that the list and the profile page follow, whichever instance made them
/// (<see cref="ChangeFeed"/>). Singleton.</summary>
public sealed class ProfileChanges(ChangeFeed feed, ILogger<ProfileChanges> logger)
    : ChangeTopic<ProfileChange>(feed, "profiles", new ProfileChange(0), logger);
