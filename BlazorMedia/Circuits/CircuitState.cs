using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BlazorMedia.Circuits;

/// <summary>A paused circuit's state kept in the database (the <c>CircuitStates</c> table): what the page's components
/// persisted ([PersistentState]), already protected by the key ring, under the SHA-256 of the key Blazor gives it (a
/// key derived from the circuit's secret, which is not stored).</summary>
public sealed class CircuitState
{
    public string Key { get; set; } = "";

    public byte[] Value { get; set; } = [];

    /// <summary>When the row stops being served (Unix time, milliseconds): one integer reads the same on every provider.</summary>
    public long ExpiresUnixMs { get; set; }
}

internal sealed class CircuitStateConfiguration : IEntityTypeConfiguration<CircuitState>
{
    public void Configure(EntityTypeBuilder<CircuitState> e)
    {
        e.ToTable("CircuitStates");
        e.HasKey(s => s.Key);
        e.Property(s => s.Key).HasMaxLength(64).IsUnicode(false);
        e.HasIndex(s => s.ExpiresUnixMs);
    }
}
