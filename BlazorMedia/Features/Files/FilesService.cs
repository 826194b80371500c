using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Media;
using BlazorMedia.Security;
using BlazorMedia.Storage;
using BlazorMedia.Uploads;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Features.Files;

/// <summary>The Files feature behind <c>/files</c> (a media library): browsing reads only the catalog (indexed queries, never a storage
/// listing); changes move bytes create-only first, then commit the row, and undo the move when the commit fails, so
/// the catalog and storage never disagree for long and nothing is overwritten. Every method takes the
/// <see cref="Caller"/> and refuses anyone but an administrator: interactive events bypass HTTP authorization.</summary>
public sealed partial class FilesService(
    IDbContextFactory<MediaDbContext> dbFactory,
    IFileStorage storage,
    UploadService uploads,
    FileLifecycle lifecycle,
    FileUsage usage,
    FilesChanges changes,
    Microsoft.Extensions.Options.IOptions<MediaServingOptions> serving,
    TimeProvider time,
    ILogger<FilesService> logger)
{
    public const string AdministratorsOnly = "Files are for administrators only. Sign in as an administrator.";

    private static void Require(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAdministrator) throw new FilesRefusedException(AdministratorsOnly);
    }

    /// <summary>The trash, newest first.</summary>
    public async Task<FileListPage> ListTrashAsync(Caller caller, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        Require(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var trashed = db.StoredFiles.AsNoTracking().Where(f => f.TrashedUtc != null);
        var total = await trashed.CountAsync(cancellationToken);
        var items = await trashed.OrderByDescending(f => f.TrashedUtc).ThenByDescending(f => f.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).Select(Project).ToListAsync(cancellationToken);
        skip = Math.Max(0, skip);
        return new FileListPage(await WithOwnersAsync(db, items, cancellationToken), total, HasPrevious: skip > 0, HasNext: skip + items.Count < total);
    }

    public async Task<FileItem?> GetAsync(Caller caller, long id, CancellationToken cancellationToken = default)
    {
        Require(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.StoredFiles.AsNoTracking().Where(f => f.Id == id).Select(Project).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Sub-folders of <paramref name="parent"/> ("" = top level) for the tree, by name.</summary>
    public async Task<IReadOnlyList<FolderNode>> GetFoldersAsync(Caller caller, string parent, CancellationToken cancellationToken = default)
    {
        Require(caller);
        parent = NormalizeFolder(parent);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var children = await db.Folders.AsNoTracking().Where(f => f.Parent == parent).OrderBy(f => f.Name)
            .Select(f => new { f.Path, f.Name }).ToListAsync(cancellationToken);
        var paths = children.Select(c => c.Path).ToList();
        var withChildren = (await db.Folders.AsNoTracking().Where(f => paths.Contains(f.Parent)).Select(f => f.Parent)
            .Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        return children.Where(c => !CatalogFolders.IsHidden(c.Path))
            .Select(c => new FolderNode(c.Path, c.Name, withChildren.Contains(c.Path))).ToList();
    }

    /// <summary>What uses each of <paramref name="names"/> (the files on screen), from <see cref="FileUsage"/>: the
    /// library shows it ("the avatar of profile “Ann”") instead of leaving the user to find out when a delete is
    /// refused. Names nothing uses are absent.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<FileUse>>> GetUsesAsync(Caller caller, IReadOnlyCollection<string> names,
        CancellationToken cancellationToken = default)
    {
        Require(caller);
        if (names.Count == 0) return new Dictionary<string, IReadOnlyList<FileUse>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var uses = await usage.FindAsync(db, names, cancellationToken);
        return uses.GroupBy(u => u.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FileUse>)[.. g], StringComparer.Ordinal);
    }

    /// <summary>Every folder path, by path, for choosing a move's destination (capped: a library with more folders
    /// than this needs a search box there instead).</summary>
    public async Task<IReadOnlyList<string>> GetFolderPathsAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        Require(caller);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var paths = await db.Folders.AsNoTracking().OrderBy(f => f.Path).Select(f => f.Path).Take(2000).ToListAsync(cancellationToken);
        return paths.Where(p => !CatalogFolders.IsHidden(p)).ToList();
    }

    /// <summary>Creates <paramref name="name"/> inside <paramref name="parent"/>; an existing folder is a conflict.</summary>
    public async Task<FolderNode> CreateFolderAsync(Caller caller, string parent, string name, CancellationToken cancellationToken = default)
    {
        Require(caller);
        parent = NormalizeFolder(parent);
        var clean = ValidSegment(name, "folder");
        var path = Join(parent, clean);
        if (CatalogFolders.IsHidden(path))
            throw new FilesRefusedException($"“{clean}” is reserved for the app; choose another folder name.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RequireFolderAsync(db, parent, cancellationToken);
        if (await db.Folders.AnyAsync(f => f.Path == path, cancellationToken))
            throw new FilesRefusedException($"A folder “{clean}” already exists in {Describe(parent)}.");
        db.Folders.Add(CatalogFolders.NewFolder(path, time.GetUtcNow().UtcDateTime));
        changes.Stage(db, new FilesChange(FilesChangeKind.FolderAdded, parent, clean));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique index on Path: someone created it between our check and our insert.
            throw new FilesRefusedException($"A folder “{clean}” already exists in {Describe(parent)}.");
        }
        LogFolderCreated(logger, path);
        return new FolderNode(path, clean, false);
    }

    /// <summary>Stores a received upload in <paramref name="folder"/>, under <paramref name="relativeFolder"/> when
    /// it came from a dropped folder (its sub-folders are created). A taken name gets a random suffix (never
    /// overwritten); the result holds the name used. A refusal leaves no bytes and no row behind.</summary>
    public async Task<FileItem> AddAsync(Caller caller, string folder, string? relativeFolder, ReceivedFile file,
        CancellationToken cancellationToken = default)
    {
        Require(caller);
        folder = NormalizeFolder(folder);
        var target = folder;
        foreach (var segment in (relativeFolder ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries))
            target = Join(target, ValidSegment(segment, "folder", file.OriginalName));
        if (CatalogFolders.IsHidden(target))
            throw new UploadRejectedException(file.OriginalName, $"cannot be uploaded into “{target}”: that folder is reserved for the app.");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RequireFolderAsync(db, folder, cancellationToken);

        var name = Join(target, file.Field.UploadTo.GenerateName(file.OriginalName, file.Type.Extension, time));
        var stored = await uploads.StoreAsAsync(file, name, caller.UserId, cancellationToken);
        var row = stored.Row;
        try
        {
            db.StoredFiles.Add(row);
            var (rowFolder, rowFileName) = CatalogFolders.Split(row.Name);
            changes.Stage(db, new FilesChange(FilesChangeKind.FileAdded, rowFolder, rowFileName),
                new FilesChange(FilesChangeKind.FolderAdded, folder));
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await uploads.DeleteQuietlyAsync(stored.WrittenNames);
            throw;
        }
        LogAdded(logger, row.Name, row.Size);
        return ProjectRow(row);
    }

    private static readonly System.Linq.Expressions.Expression<Func<StoredFile, FileItem>> Project = f =>
        new FileItem(f.Id, f.Name, f.Folder, f.FileName, f.Size, f.ContentType, f.Width, f.Height, f.Sha256, f.OwnerId,
            f.CreatedUtc, f.TrashedUtc, f.TrashedFrom) { SortName = f.SearchName };

    private static readonly Func<StoredFile, FileItem> ProjectRow = Project.Compile();

    /// <summary>One query for the page's owners (by primary key), instead of a join on every row.</summary>
    private static async Task<List<FileItem>> WithOwnersAsync(MediaDbContext db, List<FileItem> items, CancellationToken cancellationToken)
    {
        var ids = items.Select(i => i.OwnerId).OfType<string>().Distinct().ToList();
        if (ids.Count == 0) return items;
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.UserName, cancellationToken);
        return items.Select(i => i.OwnerId is { } id && names.TryGetValue(id, out var name) ? i with { Owner = name } : i).ToList();
    }

    private static async Task RequireFolderAsync(MediaDbContext db, string folder, CancellationToken cancellationToken)
    {
        if (folder.Length > 0 && !await db.Folders.AnyAsync(f => f.Path == folder, cancellationToken))
            throw new FilesRefusedException($"The folder {folder} does not exist (it may have been renamed or removed).");
    }

    internal static string NormalizeFolder(string? folder) => (folder ?? "").Trim('/');

    internal static string Join(string folder, string name) => folder.Length == 0 ? name : folder + "/" + name;

    /// <summary>How messages name a folder: its path, or "the top level".</summary>
    internal static string Describe(string folder) => folder.Length == 0 ? "the top level" : folder;

    /// <summary>A single valid name segment typed (or dropped) by the user, or a refusal naming it and the rule.</summary>
    private static string ValidSegment(string name, string what, string? fileName = null)
    {
        var trimmed = (name ?? "").Trim();
        string? broken = trimmed.Length == 0 ? "it is empty"
            : trimmed.Contains('/') || trimmed.Contains('\\') ? "it contains a slash"
            : StorageNames.FindBrokenRule(trimmed);
        if (broken is null) return trimmed;
        var message = $"The {what} name “{trimmed}” cannot be used: {broken}.";
        if (fileName is not null) throw new UploadRejectedException(fileName, $"was not uploaded: the {what} name “{trimmed}” cannot be used: {broken}.");
        throw new FilesRefusedException(message);
    }

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "Files: created folder {Path}")]
    private static partial void LogFolderCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 802, Level = LogLevel.Information, Message = "Files: added {Name} ({Size} bytes)")]
    private static partial void LogAdded(ILogger logger, string name, long size);
}
