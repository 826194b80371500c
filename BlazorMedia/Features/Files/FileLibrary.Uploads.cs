using BlazorMedia.Components.Shared;
using BlazorMedia.Uploads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace BlazorMedia.Features.Files;

/// <summary>Uploads: files and whole folders from the pickers or dropped on the view or a folder. Each file gets its
/// own row with progress, Cancel and the server's verdict; the same <see cref="UploadService"/> checks as every other
/// upload (limits on bytes received, images decoded, documents sniffed, <c>Uploads:MaxFiles</c> per selection).</summary>
public sealed partial class FileLibrary
{
    [Inject] private UploadService Uploads { get; set; } = default!;
    [Inject] private UploadFields Fields { get; set; } = default!;
    [Inject] private IOptions<UploadsOptions> UploadOptions { get; set; } = default!;

    private readonly List<UploadRow> uploadRows = [];

    private sealed record UploadInfo(string? Folder, string[] Paths);

    private async Task OpenPickerAsync(ListeningInputFile? input)
    {
        if (input is null) return;
        await input.Listening; // files picked before the input listens would be lost
        if (input.Element is { } element) await JS.InvokeVoidAsync("blazorMedia.openPicker", element);
    }

    private Task OnFilesChosenAsync(InputFileChangeEventArgs e) => UploadChosenAsync(e, filesInput);

    private Task OnFolderChosenAsync(InputFileChangeEventArgs e) => UploadChosenAsync(e, folderInput);

    private async Task UploadChosenAsync(InputFileChangeEventArgs e, InputFile? input)
    {
        // The JS side knows which relative folders and drop target came with these files.
        var info = await JS.InvokeAsync<UploadInfo>("blazorMedia.takeUpload", input!.Element);
        var target = info.Folder is null ? folder : MediaLibraryService.NormalizeFolder(info.Folder);
        var files = e.GetMultipleFiles(int.MaxValue);
        var max = UploadOptions.Value.MaxFiles;
        var batch = new List<(UploadRow Row, IBrowserFile File)>();
        for (var i = 0; i < files.Count; i++)
        {
            var relative = i < info.Paths.Length ? info.Paths[i] : "";
            var row = new UploadRow(files[i].Name, relative, files[i].Size);
            uploadRows.Add(row);
            if (i >= max)
                row.Fail($"{files[i].Name} was not uploaded: at most {max} files can be uploaded at once.");
            else
                batch.Add((row, files[i]));
        }
        StateHasChanged();
        foreach (var (row, file) in batch)
            await UploadOneAsync(row, file, target);
        await ReloadAsync();
    }

    private async Task UploadOneAsync(UploadRow row, IBrowserFile file, string target)
    {
        if (row.Cancellation.IsCancellationRequested)
        {
            row.Cancelled();
            return;
        }
        row.State = UploadState.Uploading;
        var progress = new Progress<long>(bytes =>
        {
            var percent = file.Size == 0 ? 100 : (int)Math.Min(100, bytes * 100 / file.Size);
            if (percent == row.Percent) return;
            row.Percent = percent;
            StateHasChanged();
        });
        ReceivedFile? received = null;
        try
        {
            received = await Uploads.ReceiveAsync(file, Fields.Library, caller, progress, row.Cancellation.Token);
            var item = await Library.AddAsync(caller, target, row.RelativeFolder, received, row.Cancellation.Token);
            row.Done(item.Name == MediaLibraryService.Join(item.Folder, file.Name)
                ? $"{file.Name} uploaded to {MediaLibraryService.Describe(item.Folder)}."
                : $"{file.Name} uploaded as {item.Name}.");
        }
        catch (UploadRejectedException e)
        {
            row.Fail(e.Message);
        }
        catch (LibraryRefusedException e)
        {
            row.Fail($"{file.Name} was not uploaded: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            row.Cancelled();
        }
        catch (Exception e) when (e is IOException or Storage.StorageException or Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            LogUploadFailed(Logger, file.Name, e.Message);
            row.Fail($"{file.Name} could not be stored: the server could not save it. Try again; nothing was kept.");
        }
        finally
        {
            if (received is not null) await received.DisposeAsync();
            StateHasChanged();
        }
    }

    private void ClearFinishedUploads() => uploadRows.RemoveAll(r => r.State is not (UploadState.Waiting or UploadState.Uploading));

    private void CancelUploads()
    {
        foreach (var row in uploadRows) row.Cancel();
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Warning, Message = "Library upload of {Name} failed: {Reason}")]
    private static partial void LogUploadFailed(ILogger logger, string name, string reason);
}

public enum UploadState { Waiting, Uploading, Done, Failed, Cancelled }

/// <summary>One file of an upload: what the row shows and how to cancel it.</summary>
public sealed class UploadRow(string name, string relativeFolder, long size)
{
    public string Name { get; } = name;

    public string RelativeFolder { get; } = relativeFolder;

    public long Size { get; } = size;

    public int Percent { get; set; }

    public UploadState State { get; set; }

    public string? Message { get; private set; }

    public CancellationTokenSource Cancellation { get; } = new();

    public void Cancel()
    {
        if (State is UploadState.Waiting or UploadState.Uploading) Cancellation.Cancel();
    }

    public void Done(string message) => (State, Message, Percent) = (UploadState.Done, message, 100);

    public void Fail(string message) => (State, Message) = (UploadState.Failed, message);

    public void Cancelled() => (State, Message) = (UploadState.Cancelled, $"{Name} was cancelled; nothing was kept.");
}
