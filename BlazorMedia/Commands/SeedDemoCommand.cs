using BlazorMedia.Data;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Commands;

/// <summary><c>seed-demo</c>: a handful of profiles with generated avatars and a report, for trying the app. Each
/// goes through the real path (<see cref="UploadService"/> validation and re-encoding, thumbnails, catalog rows,
/// <see cref="ProfileService.SaveAsync"/>), so what it makes is exactly what a user would. Idempotent: a demo profile
/// that already exists (by name) is left alone, so a rerun adds nothing.</summary>
internal static class SeedDemoCommand
{
    public const string Usage = "seed-demo   add a few demo profiles with generated avatars (idempotent)";

    private static readonly (string Name, uint Colour)[] People =
    [
        ("Ada Lovelace", 0x7E57C2), ("Grace Hopper", 0x26A69A), ("Alan Turing", 0xEF6C00),
        ("Katherine Johnson", 0x1E88E5), ("Edsger Dijkstra", 0xC62828), ("Barbara Liskov", 0x2E7D32),
    ];

    public static async Task<VerbOutcome> RunAsync(IServiceProvider services, string[] args, VerbConsole console, CancellationToken cancellationToken)
    {
        if (args.Length > 0)
        {
            console.Error.WriteLine($"seed-demo: unexpected argument '{args[0]}'.");
            return new(2, null);
        }
        var uploads = services.GetRequiredService<UploadService>();
        var fields = services.GetRequiredService<UploadFields>();
        var profiles = services.GetRequiredService<ProfileService>();
        HashSet<string> existing;
        await using (var db = await services.GetRequiredService<IDbContextFactory<MediaDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            var names = People.Select(p => p.Name).ToList();
            existing = (await db.Profiles.Where(p => names.Contains(p.Name)).Select(p => p.Name).ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
        }

        var missing = People.Where(p => !existing.Contains(p.Name)).ToList();
        int created = 0, failed = 0;
        await console.TrackAsync("profiles", async progress =>
        {
            progress.Report(0, missing.Count);
            foreach (var (name, colour) in missing)
            {
                var slug = name.ToLowerInvariant().Replace(' ', '-');
                await using var avatar = await uploads.ReceiveAsync(new MemoryStream(DemoAvatar.Png(256, colour)), $"{slug}.png", fields.Avatar,
                    Caller.Operator, cancellationToken: cancellationToken);
                await using var report = await uploads.ReceiveAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"Demo report for {name}.\n")),
                    $"{slug}-report.txt", fields.Report, Caller.Operator, cancellationToken: cancellationToken);
                var result = await profiles.SaveAsync(new ProfileEdit { Name = name, NewAvatar = avatar, NewReport = report },
                    Caller.Operator, cancellationToken);
                if (result.Outcome == SaveOutcome.Saved)
                {
                    console.Out.WriteLine($"created: profile {result.Id} {name}");
                    created++;
                }
                else
                {
                    console.Out.WriteLine($"failed: {name} ({result.Message})");
                    failed++;
                }
                progress.Report(created + failed, missing.Count);
            }
            return created;
        });
        return new(failed == 0 ? 0 : 1, Summary(created, existing.Count, failed, console.Elapsed));
    }

    internal static string Summary(int created, int alreadyThere, int failed, TimeSpan elapsed) =>
        $"seed-demo: {VerbText.Count(created)} created, {VerbText.Count(alreadyThere)} already there, {VerbText.Count(failed)} failed"
        + VerbText.Took($"{VerbText.Count(created + alreadyThere + failed)} profiles", elapsed);
}
