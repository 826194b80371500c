namespace BlazorMedia.Data;

/// <summary>The seeds' <c>Profile(name, avatar = ImageField, report_file = FileField)</c>. File fields hold storage
/// names (relative keys), never paths or URLs; URLs are built at render time by the storage.</summary>
public sealed class Profile
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="Name"/> folded for search and sorting (<see cref="ProfileNames.Fold"/>); indexed, so prefix
    /// search and name order stay fast at 100,000 profiles on both providers.</summary>
    public string SearchName { get; set; } = "";

    /// <summary>Storage name of the avatar (<c>avatars/…</c>), or null.</summary>
    public string? AvatarName { get; set; }

    /// <summary>Django's <c>width_field</c> / <c>height_field</c>.</summary>
    public int? AvatarWidth { get; set; }

    public int? AvatarHeight { get; set; }

    /// <summary>Storage name of the report (<c>reports_save/…</c>), or null.</summary>
    public string? ReportName { get; set; }

    /// <summary>The Identity user who owns this profile (one each), or null for seeded and command-line profiles,
    /// which only administrators may change.</summary>
    public string? OwnerId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    /// <summary>Optimistic concurrency token: replaced on every save.</summary>
    public Guid Version { get; set; }
}

public static class ProfileNames
{
    /// <summary>Case- and width-insensitive form of a name: NFKC, lower-cased invariantly, trimmed.</summary>
    public static string Fold(string name) => name.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToLowerInvariant();
}
