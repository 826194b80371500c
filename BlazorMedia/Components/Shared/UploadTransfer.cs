namespace BlazorMedia.Components.Shared;

/// <summary>Where one file's upload stands.</summary>
public enum UploadState
{
    /// <summary>Queued behind other files of the same selection.</summary>
    Waiting,
    Uploading,
    Done,
    /// <summary>Refused or failed: <see cref="UploadTransfer.Message"/> names the file and the reason.</summary>
    Failed,
    Cancelled,
}

/// <summary>One file on its way to the server: what a progress bar, its Cancel button and the verdict show. The one
/// model behind the profile editor's drop zones and the files page's upload queue.</summary>
public sealed class UploadTransfer(string fileName, long size, string relativeFolder = "") : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    public string FileName { get; } = fileName;

    /// <summary>The browser's declared size; only for the percentage (limits are checked on the bytes received).</summary>
    public long Size { get; } = size;

    /// <summary>The folder under the drop target a dropped folder put this file in ("" for a plain file).</summary>
    public string RelativeFolder { get; } = relativeFolder;

    /// <summary>0–100 while <see cref="UploadState.Uploading"/>.</summary>
    public int Percent { get; private set; }

    public UploadState State { get; private set; }

    /// <summary>The verdict once done, failed or cancelled.</summary>
    public string? Message { get; private set; }

    public bool IsActive => State is UploadState.Waiting or UploadState.Uploading;

    /// <summary>Cancelled by <see cref="Cancel"/>.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Stops the transfer if it is still going (the uploading code sees <see cref="Token"/> and unwinds).</summary>
    public void Cancel()
    {
        if (IsActive) _cancellation.Cancel();
    }

    /// <summary>Marks the transfer started and returns the progress sink for it: it counts bytes into
    /// <see cref="Percent"/> and calls <paramref name="changed"/> only when the whole percentage moves, and never after
    /// the transfer ended (<see cref="Progress{T}"/> posts reports, so one can arrive late).</summary>
    public IProgress<long> Start(Action changed)
    {
        State = UploadState.Uploading;
        Percent = 0;
        return new Progress<long>(bytes =>
        {
            if (State != UploadState.Uploading) return;
            var percent = Size <= 0 ? 100 : (int)Math.Min(100, bytes * 100 / Size);
            if (percent == Percent) return;
            Percent = percent;
            changed();
        });
    }

    public void Done(string? message = null) => (State, Message, Percent) = (UploadState.Done, message, 100);

    public void Fail(string message) => (State, Message) = (UploadState.Failed, message);

    public void Cancelled() => (State, Message) = (UploadState.Cancelled, $"{FileName} was cancelled; nothing was kept.");

    public void Dispose() => _cancellation.Dispose();
}
