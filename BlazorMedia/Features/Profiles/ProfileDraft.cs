using System.ComponentModel.DataAnnotations;

namespace BlazorMedia.Features.Profiles;

/// <summary>What the profile editor holds before Save, kept with the circuit's persisted state ([PersistentState]):
/// when the connection drops long enough for the server to let the circuit go (a phone locked, a network change, a
/// restart behind the same key ring), the page comes back with what was typed. Chosen files cannot come back (their
/// bytes were in the circuit's spool files), so the editor names them and asks for them again.</summary>
public sealed class ProfileDraft
{
    /// <summary>The profile this draft edits (0 for a new one); a draft for another profile is not reused.</summary>
    public int ProfileId { get; set; }

    /// <summary>False until the editor filled the draft from the saved profile.</summary>
    public bool Started { get; set; }

    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(200, ErrorMessage = "A name has at most 200 characters.")]
    public string Name { get; set; } = "";

    public bool RemoveAvatar { get; set; }

    public bool RemoveReport { get; set; }

    /// <summary>Files chosen (uploading, or received and waiting for Save) by field id ("avatar", "report").</summary>
    public Dictionary<string, string> Chosen { get; set; } = [];

    /// <summary>Files that were chosen when the circuit went away: they must be chosen again.</summary>
    public List<string> LostFiles { get; set; } = [];
}
