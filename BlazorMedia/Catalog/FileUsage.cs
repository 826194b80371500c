using System.Runtime.CompilerServices;
using BlazorMedia.Data;

namespace BlazorMedia.Catalog;

/// <summary>One use of a stored file by a model's file field (Django: a <c>FileField</c> whose value is the name).</summary>
/// <param name="Name">The storage name in use.</param>
/// <param name="Holder">What holds it, e.g. <c>profile</c>.</param>
/// <param name="HolderId">The holding row's key, e.g. <c>3</c>; <c>Holder</c> and <c>HolderId</c> together name one row.</param>
/// <param name="HolderName">The row's name for people, e.g. <c>Ann</c>.</param>
/// <param name="Field">The field for people, e.g. <c>avatar</c> or <c>report file</c>.</param>
public sealed record FileUse(string Name, string Holder, string HolderId, string HolderName, string Field)
{
    /// <summary>For messages: <c>the avatar of profile “Ann”</c>.</summary>
    public string Description => $"the {Field} of {Holder} “{HolderName}”";
}

/// <summary>Answers "is this stored file in use, and by what?" for one feature's file fields. Each feature that keeps
/// storage names in its rows implements it once (profiles: <c>ProfileFileReferences</c>); everything else (the library,
/// <see cref="FileLifecycle"/>, the audit, the UI) asks <see cref="FileUsage"/>. Adding a file field to an entity
/// touches its feature's implementation only. Queries run on the caller's context, so they see its transaction.</summary>
public interface IFileReferences
{
    /// <summary>The uses of any of <paramref name="names"/>.</summary>
    Task<IReadOnlyList<FileUse>> FindAsync(MediaDbContext db, IReadOnlyCollection<string> names, CancellationToken cancellationToken);

    /// <summary>How many distinct names under <paramref name="prefix"/> (a folder path ending in <c>/</c>) are in use,
    /// and the first use in a stable order, for a message.</summary>
    Task<(int Names, FileUse? Example)> FindUnderAsync(MediaDbContext db, string prefix, CancellationToken cancellationToken);

    /// <summary>Every use, in a stable order (the audit).</summary>
    IAsyncEnumerable<FileUse> AllAsync(MediaDbContext db, CancellationToken cancellationToken);
}

/// <summary>Every registered <see cref="IFileReferences"/>, asked as one.</summary>
public sealed class FileUsage(IEnumerable<IFileReferences> sources)
{
    private readonly IFileReferences[] _sources = [.. sources];

    public async Task<IReadOnlyList<FileUse>> FindAsync(MediaDbContext db, IReadOnlyCollection<string> names,
        CancellationToken cancellationToken)
    {
        if (names.Count == 0) return [];
        var uses = new List<FileUse>();
        foreach (var source in _sources)
            uses.AddRange(await source.FindAsync(db, names, cancellationToken));
        return uses;
    }

    /// <summary>The first use of <paramref name="name"/>, or null when nothing uses it.</summary>
    public async Task<FileUse?> FirstAsync(MediaDbContext db, string name, CancellationToken cancellationToken) =>
        (await FindAsync(db, [name], cancellationToken)).FirstOrDefault();

    public async Task<(int Names, FileUse? Example)> FindUnderAsync(MediaDbContext db, string prefix, CancellationToken cancellationToken)
    {
        var (count, example) = (0, (FileUse?)null);
        foreach (var source in _sources)
        {
            var (n, e) = await source.FindUnderAsync(db, prefix, cancellationToken);
            count += n;
            example ??= e;
        }
        return (count, example);
    }

    public async IAsyncEnumerable<FileUse> AllAsync(MediaDbContext db, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var source in _sources)
            await foreach (var use in source.AllAsync(db, cancellationToken))
                yield return use;
    }
}
