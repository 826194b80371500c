using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Media;
using BlazorMedia.Security;
using BlazorMedia.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Profiles;

public sealed record ProfileDetails(int Id, string Name, Guid Version, string? AvatarName, string? AvatarSha256,
    int? AvatarWidth, int? AvatarHeight, string? ReportName, string? ReportOriginalName, long? ReportSize, DateTime CreatedUtc,
    string? OwnerId = null);

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
    /// <summary>The caller may not do this; nothing was stored or changed.</summary>
    Forbidden,
}

public sealed record SaveResult(SaveOutcome Outcome, int Id = 0, string? Message = null)
{
    public const string ConflictMessage =
        "Someone else saved this profile while you were editing it. Reload to see their changes; your new files were not kept.";

    public const string SignInMessage = "Sign in to create or change a profile.";

    public const string SessionEndedMessage =
        "You are no longer signed in (you logged out elsewhere or your password changed), so nothing was saved. Log in again and redo your changes.";

    public static string SignInMessageFor(Caller caller) => caller.SessionEnded ? SessionEndedMessage : SignInMessage;

    public const string NotYoursMessage = "You can change only your own profile.";

    public const string AlreadyHaveOneMessage = "You already have a profile; edit it instead.";
}

/// <summary>Profiles and their files. Lifecycle (django-cleanup done right): new files are stored before the commit
/// and removed if it fails; replaced or removed files are deleted only after the commit, and only when no row still
/// references them. One DbContext per call (Blazor Server circuits outlive requests).
/// Every change takes a <see cref="Caller"/>: only the owner or an administrator may change, delete, upload to or get
/// a report link of a profile, checked here because interactive events never pass HTTP authorization.</summary>
public sealed partial class ProfileService(
    IDbContextFactory<MediaDbContext> dbFactory, UploadService uploads, FileLifecycle lifecycle, MediaLinks links,
    ProfileChanges changes, TimeProvider time, ILogger<ProfileService> logger)
{
    public async Task<ProfileDetails?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Profiles.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new ProfileDetails(p.Id, p.Name, p.Version, p.AvatarName,
                db.StoredFiles.Where(f => f.Name == p.AvatarName).Select(f => f.Sha256).FirstOrDefault(),
                p.AvatarWidth, p.AvatarHeight, p.ReportName,
                db.StoredFiles.Where(f => f.Name == p.ReportName).Select(f => f.OriginalName).FirstOrDefault(),
                db.StoredFiles.Where(f => f.Name == p.ReportName).Select(f => (long?)f.Size).FirstOrDefault(),
                p.CreatedUtc, p.OwnerId))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The id of the profile <paramref name="caller"/> owns, if any.</summary>
    public async Task<int?> GetOwnProfileIdAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (caller.UserId is not { } userId) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Profiles.Where(p => p.OwnerId == userId).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>A fresh signed link to the profile's report, bound to <paramref name="caller"/>; null when it has none.</summary>
    /// <exception cref="AccessDeniedException">The caller is neither the owner nor an administrator.</exception>
    public async Task<string?> GetReportLinkAsync(int id, Caller caller, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.Profiles.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new { p.OwnerId, p.ReportName }).FirstOrDefaultAsync(cancellationToken);
        if (profile is null) return null;
        if (!caller.CanManage(profile.OwnerId)) throw new AccessDeniedException("Only the profile's owner can download its report.");
        return profile.ReportName is { } name ? links.FileUrl(name, caller) : null;
    }

    /// <summary>Decides, before any byte is stored, whether <paramref name="caller"/> may save <paramref name="edit"/>,
    /// and who owns a new profile: its creator, unless an administrator who has one already makes another (ownerless).</summary>
    private async Task<(SaveResult? Refusal, string? NewOwner)> CheckSaveAsync(ProfileEdit edit, Caller caller, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated && !caller.IsAdministrator)
            return (new SaveResult(SaveOutcome.Forbidden, edit.Id ?? 0, SaveResult.SignInMessageFor(caller)), null);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (edit.Id is { } id)
        {
            var owner = await db.Profiles.Where(p => p.Id == id).Select(p => new { p.OwnerId }).FirstOrDefaultAsync(cancellationToken);
            if (owner is null) return (new SaveResult(SaveOutcome.NotFound, id, "This profile no longer exists."), null);
            return caller.CanManage(owner.OwnerId)
                ? (null, null)
                : (new SaveResult(SaveOutcome.Forbidden, id, SaveResult.NotYoursMessage), null);
        }
        var hasOne = caller.UserId is { } userId && await db.Profiles.AnyAsync(p => p.OwnerId == userId, cancellationToken);
        if (!hasOne) return (null, caller.UserId);
        return caller.IsAdministrator ? (null, null) : (new SaveResult(SaveOutcome.Forbidden, 0, SaveResult.AlreadyHaveOneMessage), null);
    }

    public async Task<SaveResult> SaveAsync(ProfileEdit edit, Caller caller, CancellationToken cancellationToken = default)
    {
        var (refusal, newOwner) = await CheckSaveAsync(edit, caller, cancellationToken);
        if (refusal is not null)
        {
            LogRefused(logger, "save", edit.Id ?? 0, caller.UserId);
            return refusal;
        }
        var stored = new List<StoredUpload>();
        try
        {
            // Files are catalogued under their uploader, whose quota they count against.
            if (edit.NewAvatar is not null) stored.Add(await uploads.StoreAsync(edit.NewAvatar, caller.UserId, cancellationToken));
            if (edit.NewReport is not null) stored.Add(await uploads.StoreAsync(edit.NewReport, caller.UserId, cancellationToken));
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
                profile = new Profile { Name = edit.Name, CreatedUtc = now, OwnerId = newOwner };
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
            profile.SearchName = SearchText.Fold(edit.Name);
            profile.UpdatedUtc = now;
            profile.Version = Guid.NewGuid();
            db.StoredFiles.AddRange(stored.Select(s => s.Row));
            var orphaned = await lifecycle.ForgetUnreferencedAsync(db, replaced, ProfileFileReferences.Holder, ProfileFileReferences.IdOf(profile), cancellationToken);

            changes.Stage(db, () => [new ProfileChange(profile.Id)]); // a new profile's id is known once written
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

    public async Task<SaveResult> DeleteAsync(int id, Guid? version, Caller caller, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (profile is null) return new SaveResult(SaveOutcome.NotFound, id, "This profile no longer exists.");
        if (!caller.CanManage(profile.OwnerId))
        {
            LogRefused(logger, "delete", id, caller.UserId);
            return new SaveResult(SaveOutcome.Forbidden, id, caller.IsAuthenticated ? SaveResult.NotYoursMessage : SaveResult.SignInMessageFor(caller));
        }
        if (version is { } expected) db.Entry(profile).Property(p => p.Version).OriginalValue = expected;
        db.Profiles.Remove(profile);
        var names = new[] { profile.AvatarName, profile.ReportName }.OfType<string>().ToList();
        var orphaned = await lifecycle.ForgetUnreferencedAsync(db, names, ProfileFileReferences.Holder, ProfileFileReferences.IdOf(profile), cancellationToken);
        changes.Stage(db, new ProfileChange(id));
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

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Refused to {Action} profile {Id} for user {UserId}")]
    private static partial void LogRefused(ILogger logger, string action, int id, string? userId);
}
