using System.Collections.Concurrent;
using BlazorMedia.Storage;

namespace BlazorMedia.Tests.Storage;

/// <summary>Test-only backend: bytes in a dictionary. It runs the contract suite too, which keeps the suite honest
/// about what is contract and what is file-system behaviour.</summary>
public sealed class InMemoryStorage(string baseUrl = "/media/", TimeProvider? timeProvider = null) : FileStorageBase
{
    private sealed record Entry(byte[] Bytes, DateTimeOffset Created);

    private readonly ConcurrentDictionary<string, Entry> _files = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    protected override async Task<string> SaveCoreAsync(string name, Stream content, Func<string, string> alternativeName,
        CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var entry = new Entry(buffer.ToArray(), _time.GetUtcNow());
        lock (_gate)
        {
            // As on a disk: a file cannot live inside another file, and cannot take a folder's name.
            var (directory, _) = StorageNames.SplitDirectory(name);
            for (var d = directory; d.Length > 0; d = StorageNames.SplitDirectory(d).Directory)
                if (_files.ContainsKey(d))
                    throw StorageNames.Failed(name, "save", new IOException($"'{d}' is a file, not a folder"));
            while (IsTaken(name)) name = alternativeName(name);
            _files[name] = entry;
        }
        return name;
    }

    private bool IsTaken(string name) =>
        _files.ContainsKey(name) || _files.Keys.Any(k => k.StartsWith(name + "/", StringComparison.Ordinal));

    protected override Task<bool> MoveCoreAsync(string source, string destination, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_files.TryGetValue(source, out var entry))
                throw new FileNotFoundException($"No file '{source}'.", source);
            if (IsTaken(destination)) return Task.FromResult(false);
            _files[destination] = entry;
            _files.TryRemove(source, out _);
            return Task.FromResult(true);
        }
    }

    public override Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream>(new MemoryStream(Get(name).Bytes, writable: false));

    public override Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        _files.TryRemove(name, out _);
        return Task.CompletedTask;
    }

    public override Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ValidateName(name);
        return Task.FromResult(IsTaken(name));
    }

    public override Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        ValidateFolder(path);
        var prefix = path.Length == 0 ? "" : path + "/";
        var directories = new SortedSet<string>(StringComparer.Ordinal);
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in _files.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var rest = key[prefix.Length..];
            var slash = rest.IndexOf('/');
            if (slash < 0) files.Add(rest);
            else directories.Add(rest[..slash]);
        }
        return Task.FromResult(new StorageListing([.. directories], [.. files]));
    }

    public override Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult((long)Get(name).Bytes.Length);

    public override Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(name).Created);

    public override Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(Get(name).Created);

    public override string GetUrl(string name) => BuildUrl(baseUrl, name);

    private Entry Get(string name)
    {
        ValidateName(name);
        return _files.TryGetValue(name, out var entry) ? entry : throw new FileNotFoundException($"No file '{name}'.", name);
    }
}
