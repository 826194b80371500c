using BlazorMedia.Features.Profiles;
using BlazorMedia.Imaging;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Commands;

/// <summary>The maintenance verbs run as the real app binary (like <c>manage.py</c>) on a media root and database
/// seeded by <c>seed-demo</c> through the real upload path, with problems planted behind the app's back.</summary>
[Trait("Database", "Each")]
public sealed class MaintenanceCommandsTests : IAsyncLifetime
{
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        _app = AppProcess.Create();
        var seeded = await _app.RunVerbAsync("seed-demo");
        seeded.ExitCode.ShouldBe(0, seeded.Output);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SeedDemo_Rerun_AddsNothing()
    {
        var rerun = await _app.RunVerbAsync("seed-demo");

        rerun.ExitCode.ShouldBe(0, rerun.Output);
        rerun.Output.ShouldContain("seed-demo: 0 created, 6 already there, 0 failed", Case.Sensitive, rerun.Output);
        await using var db = _app.Database.CreateContext();
        (await db.Profiles.CountAsync()).ShouldBe(6);
        (await db.Profiles.CountAsync(p => p.AvatarName != null && p.ReportName != null)).ShouldBe(6);
    }

    [Fact]
    public async Task Check_FreshDemoData_CleanExitZero()
    {
        var check = await _app.RunVerbAsync("check");

        check.ExitCode.ShouldBe(0, check.Output);
        check.Output.ShouldContain("check: 12 catalogued, 24 stored; 0 missing, 0 orphans, 0 bad checksums, 0 dangling references",
            Case.Sensitive, check.Output);
    }

    [Fact]
    public async Task Check_PlantedProblems_OneLineEachAndExitOne()
    {
        var (first, second, third) = await ThreeProfilesAsync();
        File.Delete(Stored(first.AvatarName!)); // missing bytes, and profile 1 now points at nothing
        await File.WriteAllTextAsync(Stored(second.ReportName!), "tampered"); // bad checksum
        WriteStray("notes/stray.txt");
        await using (var db = _app.Database.CreateContext())
            await db.Profiles.Where(p => p.Id == third.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReportName, "reports_save/ghost.txt"));

        var check = await _app.RunVerbAsync("check");

        check.ExitCode.ShouldBe(1, check.Output);
        var lines = check.Output.Split('\n', StringSplitOptions.TrimEntries);
        lines.ShouldContain(l => l.StartsWith($"missing: {first.AvatarName} (catalog row ", StringComparison.Ordinal) && l.EndsWith("has no bytes in storage)", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith($"bad checksum: {second.ReportName} (catalog row ", StringComparison.Ordinal) && l.Contains("storage has 8 bytes", StringComparison.Ordinal));
        lines.ShouldContain("orphan: notes/stray.txt (in storage, not in the catalog)");
        lines.ShouldContain($"dangling reference: {first.AvatarName} (profile {first.Id} avatar: no bytes in storage)");
        lines.ShouldContain($"dangling reference: reports_save/ghost.txt (profile {third.Id} report file: no catalog row)");
        // The summary's tail (size checked, elapsed time) varies by run.
        lines.ShouldContain(l => l.StartsWith("check: 12 catalogued, 24 stored; 1 missing, 1 orphans, 1 bad checksums, 2 dangling references; ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VerifyChecksums_TamperedFile_ReportsItAndExitsOne()
    {
        var (_, second, _) = await ThreeProfilesAsync();
        await File.WriteAllTextAsync(Stored(second.AvatarName!), "not the avatar");

        var verify = await _app.RunVerbAsync("verify-checksums");

        verify.ExitCode.ShouldBe(1, verify.Output);
        verify.Output.ShouldContain($"bad checksum: {second.AvatarName} (catalog row ", Case.Sensitive, verify.Output);
        verify.Output.ShouldContain("verify-checksums: 12 verified, 1 bad checksums, 0 missing", Case.Sensitive, verify.Output);
    }

    [Fact]
    public async Task CleanupOrphans_DryRunListsOnly_ThenDeletesOnlyOrphans()
    {
        var strays = new[] { WriteStray("notes/stray.txt"), WriteStray("avatars/left-over.png"), WriteStray("thumbnails/small/00/unknown.webp") };
        // Hidden files are not uploads the catalog lost (the repository's media/.gitkeep): never reported, never deleted.
        WriteStray(".gitkeep");
        WriteStray("avatars/.DS_Store");
        WriteStray(".bm-tmp-intake/bm-spool-0123456789abcdef"); // an upload arriving or waiting for Save
        var before = AllStored();

        var dry = await _app.RunVerbAsync("cleanup-orphans", "--dry-run");

        dry.ExitCode.ShouldBe(1, dry.Output);
        foreach (var stray in strays) dry.Output.ShouldContain($"would delete: {stray}", Case.Sensitive, dry.Output);
        dry.Output.ShouldContain("cleanup-orphans: 3 orphans found, nothing deleted (dry run)", Case.Sensitive, dry.Output);
        AllStored().ShouldBe(before);

        var real = await _app.RunVerbAsync("cleanup-orphans");

        real.ExitCode.ShouldBe(0, real.Output);
        real.Output.ShouldContain("cleanup-orphans: 3 deleted, 0 failed", Case.Sensitive, real.Output);
        AllStored().ShouldBe(before.Except(strays));
        (await _app.RunVerbAsync("check")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task RegenerateThumbnails_DeletedThumbnail_RecreatedSameName()
    {
        await using var db = _app.Database.CreateContext();
        var image = await db.StoredFiles.Where(f => f.Width != null).OrderBy(f => f.Id).FirstAsync();
        var thumbnail = ThumbnailNames.For(image.Sha256, ThumbnailAlias.Medium);
        File.Delete(Stored(thumbnail));

        var regenerate = await _app.RunVerbAsync("regenerate-thumbnails");

        regenerate.ExitCode.ShouldBe(0, regenerate.Output);
        regenerate.Output.ShouldContain($"created: {thumbnail} (medium of {image.Name})", Case.Sensitive, regenerate.Output);
        regenerate.Output.ShouldContain("regenerate-thumbnails: 6 images; 1 created, 11 already there, 0 failed", Case.Sensitive, regenerate.Output);
        File.Exists(Stored(thumbnail)).ShouldBeTrue();
    }

    [Fact]
    public async Task RegenerateThumbnails_SourceMissing_FailsNamingItAndExitsOne()
    {
        var (first, _, _) = await ThreeProfilesAsync();
        await using var db = _app.Database.CreateContext();
        var image = await db.StoredFiles.SingleAsync(f => f.Name == first.AvatarName);
        var thumbnail = ThumbnailNames.For(image.Sha256, ThumbnailAlias.Small);
        File.Delete(Stored(thumbnail));
        File.Delete(Stored(image.Name));

        var regenerate = await _app.RunVerbAsync("regenerate-thumbnails");

        regenerate.ExitCode.ShouldBe(1, regenerate.Output);
        regenerate.Output.ShouldContain($"failed: {thumbnail} (small of {image.Name}, catalog row {image.Id}: the image is missing from storage)",
            Case.Sensitive, regenerate.Output);
        regenerate.Output.ShouldContain("0 created, 11 already there, 1 failed", Case.Sensitive, regenerate.Output);
    }

    [Theory]
    [InlineData("check", "--all")]
    [InlineData("cleanup-orphans", "--force")]
    [InlineData("seed-demo", "10")]
    public async Task Verb_UnexpectedArgument_ExitsTwoNamingIt(string verb, string argument)
    {
        var run = await _app.RunVerbAsync(verb, argument);

        run.ExitCode.ShouldBe(2, run.Output);
        run.Output.ShouldContain($"{verb}: unexpected argument '{argument}'.", Case.Sensitive, run.Output);
    }

    private async Task<(Profile, Profile, Profile)> ThreeProfilesAsync()
    {
        await using var db = _app.Database.CreateContext();
        var profiles = await db.Profiles.AsNoTracking().OrderBy(p => p.Id).Take(3).ToListAsync();
        return (profiles[0], profiles[1], profiles[2]);
    }

    private string Stored(string name) => Path.Combine(_app.MediaRoot, name);

    private string WriteStray(string name)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Stored(name))!);
        File.WriteAllText(Stored(name), "stray");
        return name;
    }

    private List<string> AllStored() => Directory.EnumerateFiles(_app.MediaRoot, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(_app.MediaRoot, p).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
}
