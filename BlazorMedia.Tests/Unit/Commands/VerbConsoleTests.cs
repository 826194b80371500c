using BlazorMedia.Commands;

namespace BlazorMedia.Tests.Commands;

/// <summary>Redirected output (tests, CI, a pipe): plain lines, one progress line per tenth of a long run.</summary>
public sealed class VerbConsoleTests
{
    [Fact]
    public async Task Plain_LongRunReportedPerItem_OneLinePerTenthButNotTheLast()
    {
        var lines = await ReportAsync(total: 1204, Enumerable.Range(0, 1205));

        lines.Count.ShouldBe(9);
        lines[0].ShouldBe("verify-checksums: 121/1,204 files");
        lines[^1].ShouldBe("verify-checksums: 1,084/1,204 files");
    }

    [Fact]
    public async Task Plain_BatchesJumpingSeveralTenths_OneLinePerReport()
    {
        var lines = await ReportAsync(total: 20_000, [0, 5000, 10_000, 15_000, 20_000]);

        lines.ShouldBe(["verify-checksums: 5,000/20,000 files", "verify-checksums: 10,000/20,000 files", "verify-checksums: 15,000/20,000 files"]);
    }

    [Fact]
    public async Task Plain_ShortRun_NoProgressLines()
    {
        var lines = await ReportAsync(total: PlainVerbConsole.StepThreshold - 1, Enumerable.Range(0, (int)PlainVerbConsole.StepThreshold));

        lines.ShouldBeEmpty();
    }

    private static async Task<List<string>> ReportAsync(long total, IEnumerable<int> reports)
    {
        var output = new StringWriter();
        var console = new PlainVerbConsole("verify-checksums", output, TextWriter.Null);

        await console.TrackAsync("files", progress =>
        {
            foreach (var done in reports) progress.Report(done, total);
            return Task.FromResult(0);
        });

        return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
