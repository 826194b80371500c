using BlazorMedia.Catalog;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace BlazorMedia.Data;

/// <summary>The catalog. Abstract: each provider has its own subtype (<see cref="SqliteMediaDbContext"/>,
/// <see cref="PostgresMediaDbContext"/>, <see cref="SqlServerMediaDbContext"/>) so that each has its own set of EF
/// migrations and model snapshot (EF's layout for several providers); <see cref="MediaDatabase"/> picks one. The model is
/// the same on every provider except what a subtype adds for its database.
/// Use through <see cref="IDbContextFactory{TContext}"/>: one context per operation, never one per circuit.
/// Accounts live in the same database (ASP.NET Core Identity's tables, schema version 1: no passkeys). It also holds
/// the Data Protection key ring (<c>DataProtection:Store=Database</c>), so instances that share the database share the
/// keys that protect cookies, antiforgery tokens and the media signing key.</summary>
public abstract class MediaDbContext(DbContextOptions options) : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();

    public DbSet<MediaFolder> Folders => Set<MediaFolder>();

    public DbSet<FolderCount> FolderCounts => Set<FolderCount>();

    public DbSet<ChangeNotice> ChangeNotices => Set<ChangeNotice>();

    /// <summary>How this context's saves send their changes to other instances (<see cref="ChangeFeeds"/>, resolved:
    /// never <c>Auto</c>); set by <see cref="MediaDatabase.CreateContext(string, DbContextOptions{MediaDbContext}, string)"/>.</summary>
    internal string Feed { get; set; } = ChangeFeeds.InProcess;

    private List<Func<IEnumerable<string>>>? _notifications;
    private List<Func<Task>>? _afterCommit;

    /// <summary>Derives the library columns, then saves the rows, the folder counts they change and the change
    /// notifications staged for this save (<see cref="ChangeTopic{T}.Stage(MediaDbContext, T[])"/>) in one transaction (the caller's, when
    /// it opened one), so a count never disagrees with a committed row and no other instance hears of a change that
    /// rolled back. This process's subscribers are told once it committed (so a save with staged changes must own
    /// its transaction).</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var (notifications, afterCommit) = (_notifications, _afterCommit);
        (_notifications, _afterCommit) = (null, null); // a failed save publishes nothing, and the next stages its own
        if (notifications is not null && Database.CurrentTransaction is not null)
            throw new InvalidOperationException("Changes are published with a save that owns its transaction: this process's subscribers would hear of them before the caller's commit.");
        await CatalogFolders.UpdateAsync(this, cancellationToken);
        var deltas = CatalogCounts.Collect(this);
        int saved;
        if (deltas.Count == 0 && notifications is null)
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        else
        {
            await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
            saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (deltas.Count > 0) await CatalogCounts.ApplyAsync(this, deltas, cancellationToken);
            // Made now, after the rows were written: a new row's key is known.
            if (notifications is not null) await NotifyAsync(notifications.SelectMany(n => n()).ToList(), cancellationToken);
            if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        }
        foreach (var deliver in afterCommit ?? []) await deliver();
        return saved;
    }

    /// <summary>Adds <paramref name="notifications"/> to the next save's transaction and runs
    /// <paramref name="afterCommit"/> once that save succeeded.</summary>
    internal void StageChanges(Func<IEnumerable<string>> notifications, Func<Task> afterCommit)
    {
        (_notifications ??= []).AddRange(notifications);
        (_afterCommit ??= []).Add(afterCommit);
    }

    /// <summary>Sends change notifications to other instances inside the save's transaction: with the <c>Polled</c>
    /// feed a <see cref="ChangeNotice"/> row each, visible to the other instances' <see cref="PolledChangeListener"/>
    /// once the save commits; PostgreSQL's context adds <c>pg_notify</c> (<c>Notify</c>); <c>InProcess</c> sends
    /// nothing.</summary>
    protected virtual async Task NotifyAsync(IReadOnlyList<string> notifications, CancellationToken cancellationToken)
    {
        if (Feed != ChangeFeeds.Polled) return;
        // A command, not tracked entities: a second save of the tracker would write again the rows of a caller that
        // saved without accepting its changes.
        var sql = this.GetService<ISqlGenerationHelper>();
        var insert = $"INSERT INTO {sql.DelimitIdentifier("ChangeNotices")} ({sql.DelimitIdentifier(nameof(ChangeNotice.Envelope))}, "
            + $"{sql.DelimitIdentifier(nameof(ChangeNotice.CreatedUtc))}) VALUES ({{0}}, {{1}})";
        var now = DateTime.UtcNow;
        foreach (var envelope in notifications) await Database.ExecuteSqlRawAsync(insert, [envelope, now], cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // Features map their own entities (IEntityTypeConfiguration beside the entity), so this context names none of them.
        b.ApplyConfigurationsFromAssembly(typeof(MediaDbContext).Assembly);
        b.Entity<DataProtectionKey>(e => e.ToTable("DataProtectionKeys"));
        b.Entity<StoredFile>(e =>
        {
            e.ToTable("StoredFiles");
            e.Property(f => f.Name).HasMaxLength(512);
            e.Property(f => f.Sha256).HasMaxLength(64);
            e.Property(f => f.ContentType).HasMaxLength(100);
            e.Property(f => f.OriginalName).HasMaxLength(255);
            e.Property(f => f.OwnerId).HasMaxLength(64);
            e.HasIndex(f => f.Name).IsUnique();
            e.HasIndex(f => f.Sha256);
            // Per-user daily budget and quota sum a user's files, recent ones first.
            e.HasIndex(f => new { f.OwnerId, f.CreatedUtc });
            e.Property(f => f.Folder).HasMaxLength(512);
            e.Property(f => f.FileName).HasMaxLength(255);
            e.Property(f => f.SearchName).HasMaxLength(255);
            e.Property(f => f.TrashedFrom).HasMaxLength(512);
            // One index per library sort, each led by the folder: a page of any folder in any order is a seek.
            e.HasIndex(f => new { f.Folder, f.SearchName, f.Id });
            e.HasIndex(f => new { f.Folder, f.Size, f.Id });
            e.HasIndex(f => new { f.Folder, f.ContentType, f.Id });
            e.HasIndex(f => new { f.Folder, f.CreatedUtc, f.Id });
            e.HasIndex(f => new { f.SearchName, f.Id });
            e.HasIndex(f => f.TrashedUtc);
        });
        b.Entity<MediaFolder>(e =>
        {
            e.ToTable("Folders");
            e.Property(f => f.Path).HasMaxLength(512);
            e.Property(f => f.Parent).HasMaxLength(512);
            e.Property(f => f.Name).HasMaxLength(255);
            e.HasIndex(f => f.Path).IsUnique();
            e.HasIndex(f => new { f.Parent, f.Name });
        });
        b.Entity<FolderCount>(e =>
        {
            e.ToTable("FolderCounts");
            e.HasKey(c => c.Path);
            e.Property(c => c.Path).HasMaxLength(512);
        });
    }
}
