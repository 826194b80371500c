namespace BlazorMedia.Storage;

/// <summary>Optional fast path a backend may offer when its bytes are files on this machine: the media endpoint
/// serves them with sendfile instead of copying through a stream. Not part of <see cref="IFileStorage"/>, so no disk
/// path crosses the storage contract.</summary>
public interface ILocalFileAccess
{
    /// <summary>The file behind a valid, existing storage name, or null (invalid name, missing, or not a file).
    /// Never throws for hostile names.</summary>
    FileInfo? TryGetLocalFile(string name);
}
