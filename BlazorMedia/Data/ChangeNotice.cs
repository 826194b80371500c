using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorMedia.Data;

/// <summary>One change on the <c>Polled</c> feed (the <c>ChangeNotices</c> table): written in the transaction of the save
/// that made the change, so it becomes visible when that save commits and never if it rolls back; every instance reads
/// the new rows (<see cref="PolledChangeListener"/>), and rows older than <see cref="PolledChangeListener.KeepFor"/> are
/// deleted.</summary>
public sealed class ChangeNotice
{
    /// <summary>The most an envelope holds. Envelopes are ASCII (JsonSerializer's default encoder escapes every other
    /// character as <c>\uXXXX</c>), so the longest one (a Files change naming a 512-character folder and a 255-character
    /// name, every character escaped: about 4,700) fits in SQL Server's longest bounded <c>varchar</c>, which is also
    /// PostgreSQL's limit on a <c>pg_notify</c> payload.</summary>
    public const int MaxEnvelopeLength = 8000;

    /// <summary>Allocated by the database (IDENTITY, an identity column, AUTOINCREMENT: never reused after a delete);
    /// ascending in allocation order, which is not always commit order.</summary>
    public long Id { get; set; }

    /// <summary><c>origin|topic|payload</c>, as <see cref="ChangeFeed.OnNotificationAsync"/> reads it.</summary>
    public string Envelope { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

internal sealed class ChangeNoticeConfiguration : IEntityTypeConfiguration<ChangeNotice>
{
    public void Configure(EntityTypeBuilder<ChangeNotice> e)
    {
        e.ToTable("ChangeNotices");
        e.HasKey(n => n.Id);
        e.Property(n => n.Envelope).HasMaxLength(ChangeNotice.MaxEnvelopeLength).IsUnicode(false);
    }
}
