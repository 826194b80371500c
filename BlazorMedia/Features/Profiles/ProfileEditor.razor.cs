using BlazorMedia.Components.Shared;
using BlazorMedia.Imaging;
using BlazorMedia.Media;
using BlazorMedia.Security;
using BlazorMedia.Uploads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace BlazorMedia.Features.Profiles;

/// <summary>Creates or edits a profile. Files are received and validated as soon as they are chosen and stored only on
/// Save; Save is refused, with the reason, while a field holds a file the server refused (until it is removed or
/// replaced), so a profile is never saved without the file its user thinks it has.</summary>
public sealed partial class ProfileEditor : IAsyncDisposable
{
    [Inject] private ProfileService Profiles { get; set; } = default!;
    [Inject] private UploadFields Fields { get; set; } = default!;
    [Inject] private MediaLinks Links { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private CallerAccessor Callers { get; set; } = default!;
    [Inject] private HeldUploads Held { get; set; } = default!;

    /// <summary>The profile to edit; null for a new one.</summary>
    [Parameter] public int? Id { get; set; }

    /// <summary>What was typed and chosen, persisted with the circuit (see <see cref="ProfileDraft"/>).</summary>
    [PersistentState] public ProfileDraft? Draft { get; set; }

    private ProfileDraft Form => Draft!;
    private readonly FieldUpload _avatar = new("avatar");
    private readonly FieldUpload _report = new("report");
    private FileDropZone? _avatarZone, _reportZone;
    private ProfileDetails? _details;
    private (int Id, string Name)? _ownProfile;
    private string? _currentAvatarUrl;
    private bool _loaded, _notFound, _notAllowed, _saving;
    // Read on every use: the circuit's user may sign out (or be signed out) while the page is open.
    private Caller _caller => Callers.Current;
    private string? _saveError;

    /// <summary>One file field's state: the validated file waiting for Save (held by the circuit, which lets it go if
    /// the connection drops), the transfer, or the refusal.</summary>
    private sealed class FieldUpload(string key)
    {
        public string Key { get; } = key;
        public ReceivedFile? File;
        public HeldUploads.Hold? Hold;
        public string? FileName;
        public string? Error;
        public UploadTransfer? Transfer;
    }

    protected override void OnInitialized()
    {
        Draft ??= new ProfileDraft();
        // Files chosen in this page's previous life (before the circuit went away) were never stored: say so.
        if (Draft.Chosen.Count > 0)
        {
            Draft.LostFiles.AddRange(Draft.Chosen.Values);
            Draft.Chosen.Clear();
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        // The page hides what the caller may not do; ProfileService checks again on every save and upload.
        await Callers.GetAsync();
        if (Draft!.ProfileId != (Id ?? 0))
            Draft = new ProfileDraft { ProfileId = Id ?? 0 };
        if (Id is null)
        {
            // One profile each: say so, rather than quietly opening the one the user has.
            if (!_caller.IsAdministrator && await Profiles.GetOwnProfileIdAsync(_caller) is { } own
                && await Profiles.GetAsync(own) is { } mine)
                _ownProfile = (mine.Id, mine.Name);
        }
        else
        {
            _details = await Profiles.GetAsync(Id.Value);
            if (_details is null) { _notFound = true; return; }
            if (!_caller.CanManage(_details.OwnerId)) { _notAllowed = true; return; }
            if (!Draft.Started) Draft.Name = _details.Name;
            if (_details is { AvatarName: { } a, AvatarSha256: { } sha })
                _currentAvatarUrl = await Links.ThumbnailUrlAsync(a, sha, ThumbnailAlias.Medium);
        }
        Draft.Started = true;
        _loaded = true;
    }

    private async Task ReceiveAsync(IBrowserFile file, FileDropZone? zone, FieldUpload state, UploadField field)
    {
        await DiscardAsync(state);
        state.FileName = file.Name;
        state.Error = null;
        _saveError = null;
        Form.Chosen[state.Key] = file.Name;
        var transfer = state.Transfer = new UploadTransfer(file.Name, file.Size);
        var progress = transfer.Start(() => _ = InvokeAsync(StateHasChanged));
        try
        {
            state.File = await zone!.ReceiveAsync(file, field, _caller, progress, transfer.Token);
            Keep(state);
            transfer.Done();
            if (field == Fields.Avatar) Form.RemoveAvatar = false;
            if (field == Fields.Report) Form.RemoveReport = false;
        }
        catch (UploadRejectedException e)
        {
            transfer.Fail(e.Message);
            state.Error = e.Message;
            await ForgetChoiceAsync(state, zone);
        }
        catch (OperationCanceledException)
        {
            transfer.Cancelled();
            await ForgetChoiceAsync(state, zone);
        }
    }

    /// <summary>The field no longer holds the file: its name, its preview and its entry in the draft go.</summary>
    private async Task ForgetChoiceAsync(FieldUpload state, FileDropZone? zone)
    {
        state.FileName = null;
        Form.Chosen.Remove(state.Key);
        if (zone is not null) await zone.ClearPreviewAsync();
    }

    /// <summary>"Remove the refused …": the field is empty again and Save may go on.</summary>
    private void Forget(FieldUpload state)
    {
        state.Error = null;
        _saveError = null;
    }

    private void Keep(FieldUpload state) => state.Hold = Held.Keep(state.File!, f => InvokeAsync(() => Dropped(state, f)));

    /// <summary>The connection dropped and the circuit let the file go (it is disposed): ask for it again.</summary>
    private void Dropped(FieldUpload state, ReceivedFile file)
    {
        if (state.File != file) return;
        state.File = null;
        state.Hold = null;
        state.FileName = null;
        Form.Chosen.Remove(state.Key);
        state.Error = DroppedMessage(file.OriginalName);
        StateHasChanged();
    }

    internal static string DroppedMessage(string fileName) =>
        $"{fileName} was not kept: the connection to the server dropped before you saved. Choose the file again.";

    private static async Task DiscardAsync(FieldUpload state)
    {
        state.Transfer?.Cancel();
        state.Hold?.Release();
        state.Hold = null;
        if (state.File is not null) await state.File.DisposeAsync();
        state.File = null;
    }

    /// <summary>Why Save cannot go on, or null: a field whose file the server refused must be emptied or given another
    /// file first, or the profile would be saved without it while the user believes it has it.</summary>
    internal string? RefusedFieldMessage()
    {
        var refused = new[] { ("avatar", _avatar), ("report file", _report) }.Where(f => f.Item2.Error is not null).ToList();
        if (refused.Count == 0) return null;
        var reasons = string.Join(" ", refused.Select(f => f.Item2.Error));
        var fields = string.Join(" and ", refused.Select(f => f.Item1));
        return $"Not saved: {reasons} Remove the refused {fields} or choose another file, then save.";
    }

    private async Task SaveAsync()
    {
        if (RefusedFieldMessage() is { } refused)
        {
            _saveError = refused;
            return;
        }
        _saving = true;
        _saveError = null;
        // From here the save owns the files: a dropped connection must not dispose them underneath it.
        var released = new[] { _avatar, _report }.Select(s => (State: s, Kept: s.Hold?.Release() ?? true)).ToList();
        if (released.Any(r => !r.Kept))
        {
            // One was dropped just now: no save; it asks for its file again, the other goes back into the hold.
            foreach (var (state, kept) in released)
                if (!kept) Dropped(state, state.Hold!.File);
                else if (state.File is not null) Keep(state);
            _saving = false;
            return;
        }
        try
        {
            var result = await Profiles.SaveAsync(new ProfileEdit
            {
                Id = Id,
                Version = _details?.Version,
                Name = Form.Name,
                NewAvatar = _avatar.File,
                RemoveAvatar = Form.RemoveAvatar,
                NewReport = _report.File,
                RemoveReport = Form.RemoveReport,
            }, _caller);
            await DiscardAsync(_avatar);
            await DiscardAsync(_report);
            Form.Chosen.Clear();
            if (result.Outcome == SaveOutcome.Saved)
            {
                Snackbar.Add($"{Form.Name.Trim()} was saved.", Severity.Success);
                Navigation.NavigateTo($"profiles/{result.Id}");
                return;
            }
            _saveError = result.Message;
        }
        catch (Exception e) when (e is DbUpdateException or Storage.StorageException or IOException)
        {
            await DiscardAsync(_avatar);
            await DiscardAsync(_report);
            Form.Chosen.Clear();
            _saveError = "The profile could not be saved because the server could not store it. Nothing was changed; choose the files again and retry.";
        }
        finally
        {
            _saving = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The circuit ends or the user leaves: unsaved uploads and their spool files go.
        await DiscardAsync(_avatar);
        await DiscardAsync(_report);
        _avatar.Transfer?.Dispose();
        _report.Transfer?.Dispose();
    }
}
