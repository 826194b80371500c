namespace BlazorMedia.Storage;

/// <summary>The one exception type storage raises for refused names and backend failures. The message names the
/// storage name and the rule it broke (or the operation that failed).</summary>
public sealed class StorageException : Exception
{
    public StorageException(string name, string message, Exception? inner = null)
        : base(message, inner) => StorageName = name;

    /// <summary>The name the caller passed (may be hostile: never use it as a path).</summary>
    public string StorageName { get; }
}
