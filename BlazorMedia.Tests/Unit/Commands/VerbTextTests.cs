using BlazorMedia.Commands;
using BlazorMedia.Maintenance;

namespace BlazorMedia.Tests.Commands;

/// <summary>The verbs' numbers and summary lines: the text scripts and people read, the same on every machine.</summary>
public sealed class VerbTextTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1000, "1.0 KB")]
    [InlineData(41_249, "41.2 KB")]
    [InlineData(999_960, "1.0 MB")]
    [InlineData(5_500_000, "5.5 MB")]
    [InlineData(3_100_000_000, "3.1 GB")]
    [InlineData(2_000_000_000_000_000, "2000.0 TB")]
    public void Bytes_Size_DecimalUnitsOneDecimal(long bytes, string expected) => VerbText.Bytes(bytes).ShouldBe(expected);

    [Fact]
    public void Count_Thousands_InvariantSeparator() => VerbText.Count(1_204_000).ShouldBe("1,204,000");

    [Fact]
    public void VerifySummary_Result_CountsSizeAndTime()
    {
        var result = new AuditResult(StoredFiles: 2408, Rows: 1204, ChecksumsVerified: 1204, BytesVerified: 3_100_000_000,
            [new MediaProblem(ProblemKind.BadChecksum, "avatars/a.png", "…")]);

        MaintenanceCommands.VerifySummary(result, TimeSpan.FromSeconds(12.43))
            .ShouldBe("verify-checksums: 1,204 verified, 1 bad checksums, 0 missing; 1,204 files, 3.1 GB checked in 12.4 s");
    }

    [Fact]
    public void CheckSummary_Result_EveryKindThenSizeAndTime()
    {
        var result = new AuditResult(24, 12, 11, 14_800, [new MediaProblem(ProblemKind.Missing, "a", "…"), new MediaProblem(ProblemKind.Orphan, "b", "…")]);

        MaintenanceCommands.CheckSummary(result, TimeSpan.FromSeconds(0.26))
            .ShouldBe("check: 12 catalogued, 24 stored; 1 missing, 1 orphans, 0 bad checksums, 0 dangling references; 11 files, 14.8 KB checked in 0.3 s");
    }

    [Fact]
    public void SeedSummaries_Counts_AndTime()
    {
        SeedDemoCommand.Summary(created: 4, alreadyThere: 2, failed: 0, TimeSpan.FromSeconds(2.1))
            .ShouldBe("seed-demo: 4 created, 2 already there, 0 failed; 6 profiles in 2.1 s");
        SeedProfilesCommand.Summary(100_000, TimeSpan.FromSeconds(52.94)).ShouldBe("seed-profiles: added 100,000 profiles in 52.9 s");
    }
}
