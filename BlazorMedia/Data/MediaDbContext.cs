using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Data;

/// <summary>The catalog. Provider-neutral: no column types are named, so SQLite and PostgreSQL map the same model.
/// Use through <see cref="IDbContextFactory{TContext}"/>: one context per operation, never one per circuit.
/// Also holds the Data Protection key ring (<c>DataProtection:Store=Database</c>), so instances that share the
/// database share the keys that protect cookies, antiforgery tokens and the media signing key.</summary>
public sealed class MediaDbContext(DbContextOptions<MediaDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Profile> Profiles => Set<Profile>();

    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Profile>(e =>
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
        });
        b.Entity<DataProtectionKey>(e => e.ToTable("DataProtectionKeys"));
        b.Entity<StoredFile>(e =>
        {
            e.ToTable("StoredFiles");
            e.Property(f => f.Name).HasMaxLength(512);
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.Property(f => f.ContentType).HasMaxLength(100);
            e.Property(f => f.OriginalName).HasMaxLength(255);
            e.Property(f => f.OwnerId).HasMaxLength(64);
            e.HasIndex(f => f.Name).IsUnique();
            e.HasIndex(f => f.Sha256);
        });
    }
}
