using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorMedia.Media;

/// <summary>The generated media signing key kept in the database (the <c>SharedSigningKeys</c> table) with
/// <c>DataProtection:Store=Database</c>: encrypted by the key ring the instances already share, in one row that the
/// first instance to need it creates and every other instance reads. The row is written once (a create-only insert:
/// a second instance's insert hits the primary key and it reads the winner's row instead), and replaced only when no
/// instance can decrypt it any more (the key ring was lost), by a compare-and-swap on the old value.</summary>
public sealed class SharedSigningKey
{
    /// <summary>Which key ("media"): one row per purpose.</summary>
    public string Name { get; set; } = "";

    /// <summary>The key, protected by Data Protection (never the plain bytes).</summary>
    public byte[] Protected { get; set; } = [];

    public DateTime CreatedUtc { get; set; }
}

internal sealed class SharedSigningKeyConfiguration : IEntityTypeConfiguration<SharedSigningKey>
{
    public void Configure(EntityTypeBuilder<SharedSigningKey> e)
    {
        e.ToTable("SharedSigningKeys");
        e.HasKey(k => k.Name);
        e.Property(k => k.Name).HasMaxLength(64).IsUnicode(false);
    }
}
