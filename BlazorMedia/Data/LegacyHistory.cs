using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BlazorMedia.Data;

/// <summary>Recognises a database made by the hand-written, provider-neutral migrations that BlazorMedia used before it
/// had one EF migration set per provider, and records the provider's baseline migration as applied to it, so that
/// <c>Migrate</c> applies only what comes after the baseline and never tries to create tables that exist.</summary>
/// <remarks>
/// <para>An old database is one whose <c>__EFMigrationsHistory</c> holds the old migration ids (<see cref="Ids"/>). Those
/// five built exactly the schema each provider's baseline builds (the old MigrationSchemaTests proved it against the
/// model, and UpgradeTests proves it against the baseline), except that the three library columns added to a
/// populated table keep their <c>DEFAULT ''</c>, which no code relies on. All five must be there: a database on which
/// the old version stopped half-way is refused with the missing ids named, since finishing it needs that version.</para>
/// <para>The old rows stay in the history, so the old version still starts on an upgraded database (nothing in the
/// baseline changed its schema). Two instances upgrading at once both try the insert; the loser finds the row there.</para>
/// </remarks>
public static partial class LegacyHistory
{
    /// <summary>The hand-written migrations, in order, as their history rows name them.</summary>
    public static readonly IReadOnlyList<string> Ids =
    [
        "20261122000000_Initial", "20261122100000_Accounts", "20261122150000_DataProtectionKeys",
        "20261122200000_MediaLibrary", "20261123090000_FolderCounts",
    ];

    /// <summary>Records the baseline as applied when the database is an old one; returns whether it did.</summary>
    /// <exception cref="LegacyDatabaseException">The history holds some of the old ids but not all.</exception>
    public static async Task<bool> AdoptAsync(MediaDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        var history = db.GetService<IHistoryRepository>();
        if (!await history.ExistsAsync(cancellationToken)) return false;
        var baseline = BaselineId(db);
        var applied = await AppliedAsync(history, cancellationToken);
        if (applied.Contains(baseline) || !Ids.Any(applied.Contains)) return false;
        if (Ids.Where(id => !applied.Contains(id)).ToList() is { Count: > 0 } missing)
            throw new LegacyDatabaseException(
                $"it was made by an older BlazorMedia whose migrations did not all run (missing: {string.Join(", ", missing)}); " +
                "start that version once so it finishes them, then this one");

        var insert = history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion()));
        try
        {
            await db.Database.ExecuteSqlRawAsync(insert, cancellationToken);
        }
        catch (DbException)
        {
            if ((await AppliedAsync(history, cancellationToken)).Contains(baseline)) return false; // another instance was first
            throw;
        }
        LogAdopted(logger, db.Database.ProviderName ?? "", baseline);
        return true;
    }

    /// <summary>The first migration of the context's own set.</summary>
    public static string BaselineId(MediaDbContext db) => db.GetService<IMigrationsAssembly>().Migrations.Keys.First();

    private static async Task<HashSet<string>> AppliedAsync(IHistoryRepository history, CancellationToken cancellationToken) =>
        (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(r => r.MigrationId).ToHashSet(StringComparer.Ordinal);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information,
        Message = "Database ({Provider}) was made by the hand-written migrations: recorded {Baseline} as applied, keeping every row")]
    private static partial void LogAdopted(ILogger logger, string provider, string baseline);
}

/// <summary>A database from an older BlazorMedia that this version cannot upgrade as it stands.</summary>
public sealed class LegacyDatabaseException(string message) : InvalidOperationException(message);
