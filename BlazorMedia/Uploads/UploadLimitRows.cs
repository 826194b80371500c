using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorMedia.Uploads;

/// <summary>One of a user's <c>Uploads:PerUser:UploadsPerMinute</c> slots (the <c>UploadSlots</c> table): when it
/// was last taken. An upload takes a slot taken a minute ago or more (or one never taken) with a compare-and-swap on
/// this row, so at most that many uploads start in any 60 s, whichever instances they start on.</summary>
public sealed class UploadSlot
{
    public string UserId { get; set; } = "";

    public int Slot { get; set; }

    public long TakenUnixMs { get; set; }
}

/// <summary>Bytes one upload holds against its user's daily budget and quota while it is received or waits for Save
/// (the <c>UploadReservations</c> table). A reservation an instance forgot (it crashed) stops counting at its
/// expiry; a live one is extended as it grows.</summary>
public sealed class UploadReservation
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = "";

    public long Bytes { get; set; }

    public long ExpiresUnixMs { get; set; }
}

/// <summary>A user's row that reservations lock (the <c>UploadUsers</c> table): adding to a user's reservations
/// first updates it, so two uploads of the same user check the budget one after the other, on any instance, while
/// other users never wait.</summary>
public sealed class UploadUser
{
    public string UserId { get; set; } = "";

    public long Version { get; set; }
}

internal sealed class UploadLimitRowsConfiguration : IEntityTypeConfiguration<UploadSlot>, IEntityTypeConfiguration<UploadReservation>,
    IEntityTypeConfiguration<UploadUser>
{
    public void Configure(EntityTypeBuilder<UploadSlot> e)
    {
        e.ToTable("UploadSlots");
        e.HasKey(s => new { s.UserId, s.Slot });
        e.Property(s => s.UserId).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<UploadReservation> e)
    {
        e.ToTable("UploadReservations");
        e.Property(r => r.UserId).HasMaxLength(64);
        e.HasIndex(r => new { r.UserId, r.ExpiresUnixMs });
    }

    public void Configure(EntityTypeBuilder<UploadUser> e)
    {
        e.ToTable("UploadUsers");
        e.HasKey(u => u.UserId);
        e.Property(u => u.UserId).HasMaxLength(64);
    }
}
