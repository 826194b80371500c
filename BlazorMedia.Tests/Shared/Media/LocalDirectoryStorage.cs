using System.Collections.Concurrent;
using BlazorMedia.Storage;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Media;

/// <summary>Test-only <see cref="IFileStorage"/> over <c>Media:Root</c>, with just what the media endpoint uses.</summary>
/// <remarks>Deliberately naive: it joins names onto the root without any containment check and records every name it
/// is asked for. The traversal tests thereby prove the endpoint alone keeps requests inside the root.</remarks>
public sealed class LocalDirectoryStorage(IOptions<MediaOptions> media) : IFileStorage, ILocalFileAccess
{
    private readonly string _root = media.Value.RootPath;

    public ConcurrentQueue<string> RequestedNames { get; } = new();

    public FileInfo? TryGetLocalFile(string name)
    {
        RequestedNames.Enqueue(name);
        var file = new FileInfo(Path.Combine(_root, name));
        return file.Exists ? file : null;
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        RequestedNames.Enqueue(name);
        return Task.FromResult<Stream>(File.OpenRead(Path.Combine(_root, name)));
    }

    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(Path.Combine(_root, name)));

    public Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default)
    {
        RequestedNames.Enqueue(name);
        return Task.FromResult(new FileInfo(Path.Combine(_root, name)) is { Exists: true } f
            ? f.Length
            : throw new FileNotFoundException(name));
    }

    public Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(new DateTimeOffset(File.GetLastWriteTimeUtc(Path.Combine(_root, name))));

    public string GetUrl(string name) =>
        media.Value.Url + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));

    public Task<string> SaveAsync(string name, Stream content, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<bool> MoveAsync(string source, string destination, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public string GetValidName(string name) => throw new NotSupportedException();
    public string GenerateFileName(string name) => throw new NotSupportedException();
    public Task<string> GetAvailableNameAsync(string name, int? maxLength = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

/// <summary>The same files without <see cref="ILocalFileAccess"/>: exercises the streaming path a remote backend
/// (S3) takes.</summary>
internal sealed class StreamOnlyStorage(LocalDirectoryStorage inner) : IFileStorage
{
    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default) => inner.OpenReadAsync(name, cancellationToken);
    public Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) => inner.ExistsAsync(name, cancellationToken);
    public Task<long> GetSizeAsync(string name, CancellationToken cancellationToken = default) => inner.GetSizeAsync(name, cancellationToken);
    public Task<DateTimeOffset> GetModifiedTimeAsync(string name, CancellationToken cancellationToken = default) => inner.GetModifiedTimeAsync(name, cancellationToken);
    public string GetUrl(string name) => inner.GetUrl(name);
    public Task<string> SaveAsync(string name, Stream content, CancellationToken cancellationToken = default) => inner.SaveAsync(name, content, cancellationToken);
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) => inner.DeleteAsync(name, cancellationToken);
    public Task<bool> MoveAsync(string source, string destination, CancellationToken cancellationToken = default) => inner.MoveAsync(source, destination, cancellationToken);
    public Task<StorageListing> ListAsync(string path, CancellationToken cancellationToken = default) => inner.ListAsync(path, cancellationToken);
    public Task<DateTimeOffset> GetCreatedTimeAsync(string name, CancellationToken cancellationToken = default) => inner.GetCreatedTimeAsync(name, cancellationToken);
    public string GetValidName(string name) => inner.GetValidName(name);
    public string GenerateFileName(string name) => inner.GenerateFileName(name);
    public Task<string> GetAvailableNameAsync(string name, int? maxLength = null, CancellationToken cancellationToken = default) => inner.GetAvailableNameAsync(name, maxLength, cancellationToken);
}
