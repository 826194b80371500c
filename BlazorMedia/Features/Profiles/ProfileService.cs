using BlazorMedia.Data;
using BlazorMedia.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Profiles;

public enum ProfileSort
{
    Name,
    Created,
}

public sealed record ProfileListItem(int Id, string Name, string? AvatarName, string? AvatarSha256, DateTime CreatedUtc);

public sealed record ProfilePage(IReadOnlyList<ProfileListItem> Items, int Total);

public sealed record ProfileDetails(int Id, string Name, Guid Version, string? AvatarName, string? AvatarSha256,
    int? AvatarWidth, int? AvatarHeight, string? ReportName, string? ReportOriginalName, long? ReportSize, DateTime CreatedUtc);

/// <summary>What the editor submits. New files were received and validated already; the service stores them.</summary>
public sealed class ProfileEdit
{
    public int? Id { get; init; }

    /// <summary>The version the editor loaded; a different current version means someone else saved first.</summary>
    public Guid? Version { get; init; }

    public required string Name { get; init; }

    public ReceivedFile? NewAvatar { get; init; }

    public bool RemoveAvatar { get; init; }

    public ReceivedFile? NewReport { get; init; }

    public bool RemoveReport { get; init; }
}

public enum SaveOutcome
{
    Saved,
    NotFound,
    Conflict,
}

public sealed record SaveResult(SaveOutcome Outcome, int Id = 0, string? Message = null)
{
    public const string ConflictMessage =
        "Someone else saved this profile while you were editing it. Reload to see their changes; your new files were not kept.";
}

/// <summary>Profiles and their files. Lifecycle (django-cleanup done right): new files are stored before the commit
/// and removed if it fails; replaced or removed files are deleted only after the commit, and only when no row still
/// references them. One DbContext per call (Blazor Server circuits outlive requests).</summary>
public sealed partial class ProfileService(
    IDbContextFactory<MediaDbContext> dbFactory, UploadService uploads, FileLifecycle lifecycle, TimeProvider time,
    ILogger<ProfileService> logger)
{
    public async Task<ProfilePage> ListAsync(string? search, ProfileSort sort, bool descending, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Profiles.AsNoTracking();
        if (ProfileNames.Fold(search ?? "") is { Length: > 0 } prefix)
        {
            // A range on the indexed folded name: an index seek on both providers, unlike LIKE '%…%'.
            var upper = prefix[..^1] + (char)(prefix[^1] + 1);
            query = query.Where(p => string.Compare(p.SearchName, prefix) >= 0 && string.Compare(p.SearchName, upper) < 0);
        }
        var total = await query.CountAsync(cancellationToken);
        query = (sort, descending) switch
        {
            (ProfileSort.Created, false) => query.OrderBy(p => p.CreatedUtc).ThenBy(p => p.Id),
            (ProfileSort.Created, true) => query.OrderByDescending(p => p.CreatedUtc).ThenByDescending(p => p.Id),
            (_, false) => query.OrderBy(p => p.SearchName).ThenBy(p => p.Id),
            (_, true) => query.OrderByDescending(p => p.SearchName).ThenByDescending(p => p.Id),
        };
        var items = await query.Skip(skip).Take(take)
            .Select(p => new ProfileListItem(p.Id, p.Name, p.AvatarName,
                db.StoredFiles.Where(f => f.Name == p.AvatarName).Select(f => f.Sha256).FirstOrDefault(), p.CreatedUtc))
            .ToListAsync(cancellationToken);
        return new ProfilePage(items, total);
    }

    public async Task<ProfileDetails?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Profiles.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new ProfileDetails(p.Id, p.Name, p.Version, p.AvatarName,
                db.StoredFiles.Where(f => f.Name == p.AvatarName).Select(f => f.Sha256).FirstOrDefault(),
                p.AvatarWidth, p.AvatarHeight, p.ReportName,
                db.StoredFiles.Where(f => f.Name == p.ReportName).Select(f => f.OriginalName).FirstOrDefault(),
                db.StoredFiles.Where(f => f.Name == p.ReportName).Select(f => (long?)f.Size).FirstOrDefault(),
                p.CreatedUtc))
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<SaveResult> SaveAsync(ProfileEdit edit, string? ownerId = null, CancellationToken cancellationToken = default)
    {
        var stored = new List<StoredUpload>();
        try
        {
            if (edit.NewAvatar is not null) stored.Add(await uploads.StoreAsync(edit.NewAvatar, ownerId, cancellationToken));
            if (edit.NewReport is not null) stored.Add(await uploads.StoreAsync(edit.NewReport, ownerId, cancellationToken));
            var avatar = edit.NewAvatar is null ? null : stored[0];
            var report = edit.NewReport is null ? null : stored[^1];

            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            Profile? profile;
            if (edit.Id is { } id)
            {
                profile = await db.Profiles.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
                if (profile is null)
                {
                    await uploads.DeleteQuietlyAsync(stored.SelectMany(s => s.WrittenNames));
                    return new SaveResult(SaveOutcome.NotFound, id, "This profile no longer exists.");
                }
                if (edit.Version is { } expected)
                    db.Entry(profile).Property(p => p.Version).OriginalValue = expected;
            }
            else
            {
                profile = new Profile { Name = edit.Name, CreatedUtc = now };
                db.Profiles.Add(profile);
            }

            var replaced = new List<string>();
            if (avatar is not null || edit.RemoveAvatar)
            {
                if (profile.AvatarName is { } old) replaced.Add(old);
                profile.AvatarName = avatar?.Row.Name;
                profile.AvatarWidth = avatar?.Row.Width;
                profile.AvatarHeight = avatar?.Row.Height;
            }
            if (report is not null || edit.RemoveReport)
            {
                if (profile.ReportName is { } old) replaced.Add(old);
                profile.ReportName = report?.Row.Name;
            }
            profile.Name = edit.Name.Trim();
            profile.SearchName = ProfileNames.Fold(edit.Name);
            profile.UpdatedUtc = now;
            profile.Version = Guid.NewGuid();
            db.StoredFiles.AddRange(stored.Select(s => s.Row));
            var orphaned = await lifecycle.ForgetUnreferencedAsync(db, replaced, profile.Id, cancellationToken);

            await db.SaveChangesAsync(cancellationToken);
            stored.Clear(); // committed: these files belong to the profile now

            await lifecycle.DeleteAfterCommitAsync(orphaned);
            return new SaveResult(SaveOutcome.Saved, profile.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            await uploads.DeleteQuietlyAsync(stored.SelectMany(s => s.WrittenNames));
            return new SaveResult(SaveOutcome.Conflict, edit.Id ?? 0, SaveResult.ConflictMessage);
        }
        catch
        {
            // The commit failed (or storing did): remove what this save stored; the old files were never touched.
            await uploads.DeleteQuietlyAsync(stored.SelectMany(s => s.WrittenNames));
            throw;
        }
    }

    public async Task<SaveResult> DeleteAsync(int id, Guid? version, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (profile is null) return new SaveResult(SaveOutcome.NotFound, id, "This profile no longer exists.");
        if (version is { } expected) db.Entry(profile).Property(p => p.Version).OriginalValue = expected;
        db.Profiles.Remove(profile);
        var names = new[] { profile.AvatarName, profile.ReportName }.OfType<string>().ToList();
        var orphaned = await lifecycle.ForgetUnreferencedAsync(db, names, profile.Id, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new SaveResult(SaveOutcome.Conflict, id,
                "Someone else changed this profile after you opened it. Reload and try again.");
        }
        await lifecycle.DeleteAfterCommitAsync(orphaned);
        LogDeleted(logger, id, names.Count);
        return new SaveResult(SaveOutcome.Saved, id);
    }

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Deleted profile {Id} and {Files} file reference(s)")]
    private static partial void LogDeleted(ILogger logger, int id, int files);
}
