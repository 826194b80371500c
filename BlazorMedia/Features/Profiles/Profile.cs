using BlazorMedia.Catalog;
using BlazorMedia.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorMedia.Features.Profiles;

/// <summary>The seeds' <c>Profile(name, avatar = ImageField, report_file = FileField)</c>. File fields hold storage
/// names (relative keys), never paths or URLs; URLs are built at render time by the storage.</summary>
public sealed class Profile
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="Name"/> folded for search and sorting (<see cref="SearchText.Fold"/>); indexed, so prefix
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

/// <summary>The <c>Profiles</c> table: this feature maps its own entity (the context applies every configuration in
/// the assembly), so the data layer names no feature.</summary>
internal sealed class ProfileConfiguration : IEntityTypeConfiguration<Profile>
{
    public void Configure(EntityTypeBuilder<Profile> e)
    {
        e.ToTable("Profiles");
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.SearchName).HasMaxLength(200);
        e.Property(p => p.AvatarName).HasMaxLength(512);
        e.Property(p => p.ReportName).HasMaxLength(512);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.HasIndex(p => new { p.SearchName, p.Id });
        e.HasIndex(p => new { p.CreatedUtc, p.Id });
        e.HasIndex(p => p.AvatarName);
        e.HasIndex(p => p.ReportName);
        // One profile per user; seeded and command-line profiles have no owner (administrators manage them).
        // Deleting an account keeps its profile, ownerless, rather than losing what was saved.
        e.HasOne<IdentityUser>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(p => p.OwnerId).IsUnique();
    }
}

public static class ProfileDbContextExtensions
{
    extension(MediaDbContext db)
    {
        /// <summary>The profiles table, as <c>db.Profiles</c>.</summary>
        public DbSet<Profile> Profiles => db.Set<Profile>();
    }
}
