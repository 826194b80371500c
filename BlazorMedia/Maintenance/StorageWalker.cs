using BlazorMedia.Storage;

namespace BlazorMedia.Maintenance;

internal static class StorageWalker
{
    /// <summary>Every file name in <paramref name="storage"/>, depth first, through the backend's own listing (so it
    /// works the same on the file system and on S3, and never sees the file system backend's hidden temp files).</summary>
    public static async IAsyncEnumerable<string> AllFilesAsync(IFileStorage storage,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folders = new Stack<string>([""]);
        while (folders.TryPop(out var folder))
        {
            var listing = await storage.ListAsync(folder, cancellationToken);
            var prefix = folder.Length == 0 ? "" : folder + "/";
            foreach (var file in listing.Files) yield return prefix + file;
            foreach (var sub in listing.Directories.Reverse()) folders.Push(prefix + sub);
        }
    }
}
