using BlazorMedia.Components.Shared;
using BlazorMedia.Security;
using BlazorMedia.Uploads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlazorMedia.Features.Files;

/// <summary>Uploads to Files: files and whole folders from the pickers, or dropped on the page or on a folder. Each file
/// gets its own row (<see cref="UploadTransfer"/>) with progress, Cancel and the server's verdict; the same
/// <see cref="UploadService"/> checks as every other upload (limits on bytes received, images decoded, documents
/// sniffed, <c>Uploads:MaxFiles</c> per selection).</summary>
public sealed partial class UploadQueue : IDisposable
{
    [Inject] private UploadService Uploads { get; set; } = default!;
    [Inject] private UploadFields Fields { get; set; } = default!;
    [Inject] private IOptions<UploadsOptions> Options { get; set; } = default!;
    [Inject] private FilesService Files { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ILogger<UploadQueue> Logger { get; set; } = default!;

    /// <summary>Who uploads; files are catalogued under them.</summary>
    [Parameter, EditorRequired] public Caller Caller { get; set; } = Caller.Anonymous;

    /// <summary>Where files go unless they were dropped on a folder ("" = the top level).</summary>
    [Parameter] public string Folder { get; set; } = "";

    /// <summary>A selection finished (every file stored, refused or cancelled): the page shows the new files.</summary>
    [Parameter] public EventCallback Uploaded { get; set; }

    private readonly List<UploadTransfer> _transfers = [];
    private ElementReference _inputs;
    private MudFileUpload<IReadOnlyList<IBrowserFile>>? _files, _folder;

    private sealed record UploadInfo(string? Folder, string[] Paths);

    public Task OpenFilesPickerAsync() => _files?.OpenFilePickerAsync() ?? Task.CompletedTask;

    public Task OpenFolderPickerAsync() => _folder?.OpenFilePickerAsync() ?? Task.CompletedTask;

    /// <summary>Makes <paramref name="zone"/> (the page) take dropped files and folders, once the files input listens;
    /// the zone then says so (<c>data-files-drop-ready</c>).</summary>
    public async Task TakeDropsOnAsync(ElementReference zone) => await JS.InvokeVoidAsync("blazorMedia.initFilesDrop", zone, _inputs);

    private async Task OnChosenAsync(InputFileChangeEventArgs e)
    {
        // files.js knows which relative folders and drop target came with these files.
        var info = await JS.InvokeAsync<UploadInfo>("blazorMedia.takeUpload", _inputs);
        var target = info.Folder is null ? Folder : FilesService.NormalizeFolder(info.Folder);
        var files = e.GetMultipleFiles(int.MaxValue);
        var max = Options.Value.MaxFiles;
        var batch = new List<(UploadTransfer Row, IBrowserFile File)>();
        for (var i = 0; i < files.Count; i++)
        {
            var row = new UploadTransfer(files[i].Name, files[i].Size, i < info.Paths.Length ? info.Paths[i] : "");
            _transfers.Add(row);
            if (i >= max)
                row.Fail($"{files[i].Name} was not uploaded: at most {max} files can be uploaded at once.");
            else
                batch.Add((row, files[i]));
        }
        StateHasChanged();
        foreach (var (row, file) in batch)
            await UploadOneAsync(row, file, target);
        await Uploaded.InvokeAsync();
    }

    private async Task UploadOneAsync(UploadTransfer row, IBrowserFile file, string target)
    {
        if (row.Token.IsCancellationRequested)
        {
            row.Cancelled();
            return;
        }
        var progress = row.Start(StateHasChanged);
        ReceivedFile? received = null;
        try
        {
            received = await Uploads.ReceiveAsync(file, Fields.Library, Caller, progress, row.Token);
            var item = await Files.AddAsync(Caller, target, row.RelativeFolder, received, row.Token);
            row.Done(item.Name == FilesService.Join(item.Folder, file.Name)
                ? $"{file.Name} uploaded to {FilesService.Describe(item.Folder)}."
                : $"{file.Name} uploaded as {item.Name}.");
        }
        catch (UploadRejectedException e)
        {
            row.Fail(e.Message);
        }
        catch (FilesRefusedException e)
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

    private void ClearFinished()
    {
        foreach (var row in _transfers.Where(r => !r.IsActive)) row.Dispose();
        _transfers.RemoveAll(r => !r.IsActive);
    }

    private static string StateIcon(UploadState state) => state switch
    {
        UploadState.Done => Icons.Material.Filled.CheckCircle,
        UploadState.Failed => Icons.Material.Filled.Error,
        UploadState.Cancelled => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.Upload,
    };

    private static Color StateColor(UploadState state) => state switch
    {
        UploadState.Done => Color.Success,
        UploadState.Failed => Color.Error,
        _ => Color.Default,
    };

    /// <summary>The page goes away (or the circuit): transfers still running stop.</summary>
    public void Dispose()
    {
        foreach (var row in _transfers) row.Cancel();
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Warning, Message = "Files: upload of {Name} failed: {Reason}")]
    private static partial void LogUploadFailed(ILogger logger, string name, string reason);
}
