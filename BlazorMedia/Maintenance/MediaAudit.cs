using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Spooling;
using BlazorMedia.Storage;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Maintenance;

/// <summary>What an audit looks for; the verbs pick their part.</summary>
[Flags]
public enum AuditChecks
{
    /// <summary>Catalog rows whose bytes are not in storage.</summary>
    Missing = 1,

    /// <summary>Stored names the catalog does not expect (<see cref="ExpectedNames"/>).</summary>
    Orphans = 2,

    /// <summary>Stored bytes whose SHA-256 (or size) differs from their row; reads every catalogued file.</summary>
    Checksums = 4,

    /// <summary>Profiles naming a file without a catalog row or without bytes.</summary>
    References = 8,

    All = Missing | Orphans | Checksums | References,
}

public enum ProblemKind { Missing, Orphan, BadChecksum, DanglingReference }

/// <summary>One problem, printed as one line: <c>kind: name (detail)</c>.</summary>
public sealed record MediaProblem(ProblemKind Kind, string Name, string Detail)
{
    public override string ToString() => $"{Label(Kind)}: {Name} ({Detail})";

    public static string Label(ProblemKind kind) => kind switch
    {
        ProblemKind.Missing => "missing",
        ProblemKind.Orphan => "orphan",
        ProblemKind.BadChecksum => "bad checksum",
        _ => "dangling reference",
    };
}

public sealed record AuditResult(int StoredFiles, int Rows, int ChecksumsVerified, long BytesVerified, IReadOnlyList<MediaProblem> Problems)
{
    public int Count(ProblemKind kind) => Problems.Count(p => p.Kind == kind);
}

/// <summary>How far the hashing of an audit is: <paramref name="Hashed"/> of <paramref name="ToHash"/> files (the
/// catalogued files storage holds), <paramref name="BytesHashed"/> read so far.</summary>
public readonly record struct AuditProgress(int Hashed, int ToHash, long BytesHashed);

/// <summary>Compares the catalog with what storage holds, on any backend. Hashing streams each file through one
/// 80 KB buffer, so a 10 GB file costs a buffer, not 10 GB.</summary>
public sealed class MediaAudit(IFileStorage storage, IDbContextFactory<MediaDbContext> dbFactory, FileUsage usage)
{
    public Task<AuditResult> RunAsync(AuditChecks checks, CancellationToken cancellationToken) =>
        RunAsync(checks, progress: null, cancellationToken);

    /// <summary>With <see cref="AuditChecks.Checksums"/>, <paramref name="progress"/> hears once when storage has been
    /// listed (nothing hashed yet) and after each file hashed.</summary>
    public async Task<AuditResult> RunAsync(AuditChecks checks, IProgress<AuditProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.StoredFiles.AsNoTracking().OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.Name, f.Size, f.Sha256 }).ToListAsync(cancellationToken);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var name in storage.ListAllFilesAsync(cancellationToken))
            stored.Add(name);

        var problems = new List<MediaProblem>();
        var verified = 0;
        long bytes = 0;
        var toHash = (checks & AuditChecks.Checksums) == 0 ? 0 : rows.Count(r => stored.Contains(r.Name));
        progress?.Report(new(0, toHash, 0));
        foreach (var row in rows)
        {
            if (!stored.Contains(row.Name))
            {
                if ((checks & AuditChecks.Missing) != 0)
                    problems.Add(new(ProblemKind.Missing, row.Name, $"catalog row {row.Id} has no bytes in storage"));
                continue;
            }
            if ((checks & AuditChecks.Checksums) == 0) continue;
            var (sha256, size) = await HashAsync(row.Name, cancellationToken);
            verified++;
            bytes += size;
            progress?.Report(new(verified, toHash, bytes));
            if (sha256 != row.Sha256 || size != row.Size)
                problems.Add(new(ProblemKind.BadChecksum, row.Name,
                    $"catalog row {row.Id} says {row.Size} bytes, SHA-256 {row.Sha256}; storage has {size} bytes, SHA-256 {sha256}"));
        }

        if ((checks & AuditChecks.Orphans) != 0)
        {
            var expected = await ExpectedNames.LoadAsync(db, cancellationToken);
            problems.AddRange(stored.Where(expected.IsOrphan).Order(StringComparer.Ordinal)
                .Select(n => new MediaProblem(ProblemKind.Orphan, n, "in storage, not in the catalog")));
        }

        if ((checks & AuditChecks.References) != 0)
            problems.AddRange(await DanglingReferencesAsync(db, rows.Select(r => r.Name).ToHashSet(StringComparer.Ordinal), stored, cancellationToken));

        return new AuditResult(stored.Count, rows.Count, verified, bytes, problems);
    }

    private async Task<(string Sha256, long Size)> HashAsync(string name, CancellationToken cancellationToken)
    {
        await using var content = await storage.OpenReadAsync(name, cancellationToken);
        var digest = await HashingStream.DigestAsync(content, cancellationToken);
        return (digest.Sha256, digest.Length);
    }

    private async Task<List<MediaProblem>> DanglingReferencesAsync(MediaDbContext db, HashSet<string> rowNames,
        HashSet<string> stored, CancellationToken cancellationToken)
    {
        var problems = new List<MediaProblem>();
        await foreach (var use in usage.AllAsync(db, cancellationToken))
        {
            if (!rowNames.Contains(use.Name))
                problems.Add(new(ProblemKind.DanglingReference, use.Name, $"{use.Holder} {use.HolderId} {use.Field}: no catalog row"));
            else if (!stored.Contains(use.Name))
                problems.Add(new(ProblemKind.DanglingReference, use.Name, $"{use.Holder} {use.HolderId} {use.Field}: no bytes in storage"));
        }
        return problems;
    }
}
