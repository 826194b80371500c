using System.Runtime.CompilerServices;
using BlazorMedia.Catalog;
using BlazorMedia.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Profiles;

/// <summary>The profile's two file fields (<see cref="Profile.AvatarName"/>, <see cref="Profile.ReportName"/>) as
/// <see cref="FileUse"/>s: the one place that knows which profile columns hold storage names.</summary>
internal sealed class ProfileFileReferences : IFileReferences
{
    public const string Holder = "profile";
    public const string AvatarField = "avatar";
    public const string ReportField = "report file";

    /// <summary>A profile's <see cref="FileUse.HolderId"/>.</summary>
    public static string IdOf(Profile profile) => IdOf(profile.Id);

    private static string IdOf(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<FileUse>> FindAsync(MediaDbContext db, IReadOnlyCollection<string> names, CancellationToken cancellationToken)
    {
        var rows = await db.Profiles.AsNoTracking()
            .Where(p => (p.AvatarName != null && names.Contains(p.AvatarName)) || (p.ReportName != null && names.Contains(p.ReportName)))
            .OrderBy(p => p.Id).Select(p => new Row(p.Id, p.Name, p.AvatarName, p.ReportName)).ToListAsync(cancellationToken);
        return [.. rows.SelectMany(r => Uses(r, n => names.Contains(n)))];
    }

    public async Task<(int Names, FileUse? Example)> FindUnderAsync(MediaDbContext db, string prefix, CancellationToken cancellationToken)
    {
        var under = db.Profiles.AsNoTracking();
        var avatars = under.Where(p => p.AvatarName != null && p.AvatarName.StartsWith(prefix)).Select(p => p.AvatarName!);
        var reports = under.Where(p => p.ReportName != null && p.ReportName.StartsWith(prefix)).Select(p => p.ReportName!);
        var count = await avatars.Union(reports).CountAsync(cancellationToken);
        if (count == 0) return (0, null);
        var first = await under
            .Where(p => (p.AvatarName != null && p.AvatarName.StartsWith(prefix)) || (p.ReportName != null && p.ReportName.StartsWith(prefix)))
            .OrderBy(p => p.Id).Select(p => new Row(p.Id, p.Name, p.AvatarName, p.ReportName)).FirstAsync(cancellationToken);
        return (count, Uses(first, n => n.StartsWith(prefix, StringComparison.Ordinal)).First());
    }

    public async IAsyncEnumerable<FileUse> AllAsync(MediaDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var rows = db.Profiles.AsNoTracking().Where(p => p.AvatarName != null || p.ReportName != null).OrderBy(p => p.Id)
            .Select(p => new Row(p.Id, p.Name, p.AvatarName, p.ReportName)).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
            foreach (var use in Uses(row, _ => true))
                yield return use;
    }

    private sealed record Row(int Id, string Name, string? AvatarName, string? ReportName);

    private static IEnumerable<FileUse> Uses(Row r, Func<string, bool> wanted)
    {
        var id = IdOf(r.Id);
        if (r.AvatarName is { } avatar && wanted(avatar)) yield return new(avatar, Holder, id, r.Name, AvatarField);
        if (r.ReportName is { } report && wanted(report)) yield return new(report, Holder, id, r.Name, ReportField);
    }
}
