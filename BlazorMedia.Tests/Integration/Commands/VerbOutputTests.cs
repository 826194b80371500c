using System.Text.RegularExpressions;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Commands;

/// <summary>What a person or a script sees of a verb, run as the real app binary: its own lines, progress only where a
/// terminal shows it, no SQL, and its summary as the last line.</summary>
[Trait("Database", "Each")]
public sealed partial class VerbOutputTests : IAsyncLifetime
{
    private AppProcess _app = null!;

    public Task InitializeAsync()
    {
        _app = AppProcess.Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Each long verb in turn on one media root and database, with the start of its summary line.</summary>
    private static readonly (string[] Args, string Summary)[] Verbs =
    [
        (["seed-demo"], "seed-demo: 6 created, 0 already there, 0 failed; 6 profiles in "),
        (["seed-profiles", "1200"], "seed-profiles: added 1,200 profiles in "),
        (["verify-checksums"], "verify-checksums: 12 verified, 0 bad checksums, 0 missing; 12 files, "),
        (["regenerate-thumbnails"], "regenerate-thumbnails: 6 images; 0 created, 12 already there, 0 failed; 12 thumbnails checked in "),
        (["cleanup-orphans", "--dry-run"], "cleanup-orphans: 0 orphans found, nothing deleted (dry run); 24 stored files checked in "),
        (["cleanup-orphans"], "cleanup-orphans: 0 deleted, 0 failed; 24 stored files checked in "),
        (["check"], "check: 12 catalogued, 24 stored; 0 missing, 0 orphans, 0 bad checksums, 0 dangling references; 12 files, "),
    ];

    [Fact]
    public async Task EveryVerb_NoLoggingSettingAnywhere_NoSqlAndEndsWithItsSummary()
    {
        foreach (var (args, summary) in Verbs)
        {
            var run = await _app.RunVerbWithoutAppSettingsAsync(args);

            run.ExitCode.ShouldBe(0, run.Output);
            run.Output.ShouldNotContain("Executed DbCommand", Case.Sensitive, run.Output);
            SqlText().IsMatch(run.Output).ShouldBeFalse(run.Output);
            LastLine(run.Output).ShouldStartWith(summary, Case.Sensitive, run.Output);
            LastLine(run.Output).ShouldMatch(@" in \d+\.\d s$", run.Output);
        }
    }

    [Fact]
    public async Task Verb_EfCoreLevelConfigured_ConfigurationStillWins()
    {
        _app.Settings["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Information";

        var run = await _app.RunVerbWithoutAppSettingsAsync("check");

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain("Executed DbCommand", Case.Sensitive, run.Output);
        LastLine(run.Output).ShouldStartWith("check: 0 catalogued, 0 stored;", Case.Sensitive, run.Output);
    }

    [Fact]
    public async Task Verb_RedirectedOnAColourTerminal_PlainLinesWithoutEscapeCodes()
    {
        // What a colour terminal advertises, while the output goes to a pipe: no escape code may reach the pipe.
        _app.Settings["TERM"] = "xterm-256color";
        _app.Settings["COLORTERM"] = "truecolor";
        (await _app.RunVerbAsync("seed-demo")).ExitCode.ShouldBe(0);

        var seeded = await _app.RunVerbAsync("seed-profiles", "4000");
        var verified = await _app.RunVerbAsync("verify-checksums");

        seeded.Output.ShouldNotContain("\u001b[", Case.Sensitive, seeded.Output);
        verified.Output.ShouldNotContain("\u001b[", Case.Sensitive, verified.Output);
        Lines(seeded.Output).Where(l => l.StartsWith("seed-profiles: ", StringComparison.Ordinal) && l.Contains('/')).ShouldBe(
            ["seed-profiles: 1,000/4,000 profiles", "seed-profiles: 2,000/4,000 profiles", "seed-profiles: 3,000/4,000 profiles"],
            seeded.Output);
        LastLine(seeded.Output).ShouldStartWith("seed-profiles: added 4,000 profiles in ", Case.Sensitive, seeded.Output);
        LastLine(verified.Output).ShouldStartWith("verify-checksums: 12 verified, 0 bad checksums, 0 missing; 12 files, ", Case.Sensitive, verified.Output);
    }

    [Fact]
    public async Task Verb_OnATerminal_LiveProgressThenSummaryLast()
    {
        (await _app.RunVerbAsync("seed-demo")).ExitCode.ShouldBe(0);

        var run = await _app.RunVerbOnTerminalAsync("verify-checksums");

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain("\u001b[", Case.Sensitive, run.Output);
        var screen = EscapeCode().Replace(run.Output, "");
        screen.ShouldContain("12/12 files", Case.Sensitive, run.Output);
        LastLine(screen).ShouldStartWith("verify-checksums: 12 verified, 0 bad checksums, 0 missing; 12 files, ", Case.Sensitive, run.Output);
    }

    /// <summary>The lines as they stand in the end: a carriage return inside a line (a terminal's redraw) leaves what
    /// was written after it.</summary>
    private static List<string> Lines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Select(l => l[(l.LastIndexOf('\r') + 1)..]).Where(l => l.Trim().Length > 0).ToList();

    private static string LastLine(string output) => Lines(output)[^1];

    /// <summary>SQL statements as EF Core logs them, whatever the provider.</summary>
    [GeneratedRegex(@"\b(SELECT|INSERT INTO|UPDATE|DELETE FROM|CREATE TABLE|PRAGMA)\b")]
    private static partial Regex SqlText();

    /// <summary>CSI sequences (<c>ESC [ … letter</c>) and the keypad mode switches a terminal session begins with.</summary>
    [GeneratedRegex(@"\u001b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex EscapeCode();
}
