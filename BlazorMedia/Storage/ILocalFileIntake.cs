namespace BlazorMedia.Storage;

/// <summary>Optional capability of a backend whose files live on this machine: a folder on their file system where a
/// caller writes a file it will give up with <see cref="IFileStorage.SaveFileAsync"/>, so that saving it is a rename,
/// not a copy (uploads spool there). Like <see cref="ILocalFileAccess"/> it is not part of <see cref="IFileStorage"/>,
/// so no disk path crosses the storage contract. The folder is hidden: never listed, never served, never an orphan;
/// what a killed process left in it goes with the backend's stale temp files at start-up.</summary>
public interface ILocalFileIntake
{
    /// <summary>The folder, created (readable by the app's user only) when missing.</summary>
    string GetIntakeFolder();
}
