using Microsoft.Extensions.Options;

namespace BlazorMedia.Storage;

/// <summary>Checks settings at start-up; each failure names the setting and says how to fix it. With a remote backend (<c>S3</c>, <c>AzureBlob</c>, <c>Sftp</c>) the media root holds nothing (thumbnails go to the backend, spooling to
/// <c>Uploads:TempDir</c>), so it is neither required nor checked: an instance needs no media folder at all.
/// The backend is read from configuration, not <c>IOptions&lt;StorageOptions&gt;</c>: those options' validator reads
/// the S3 options, which read these, and the cycle would hang the first resolution.</summary>
internal sealed class MediaOptionsValidator(Microsoft.Extensions.Configuration.IConfiguration configuration) : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions o)
    {
        var errors = new List<string>();
        if (!StorageOptions.BackendIsRemote(configuration))
            CheckRoot(o, errors);

        if (string.IsNullOrWhiteSpace(o.Url) || !o.Url.EndsWith('/'))
            errors.Add($"Media:Url '{o.Url}' must end with '/' (e.g. '/media/' or 'https://cdn.example.com/media/').");
        else if (!o.Url.StartsWith('/') && !(Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https")))
            errors.Add($"Media:Url '{o.Url}' must be a path starting with '/' or an absolute http(s) URL.");
        else if (o.Url == "/")
            errors.Add("Media:Url '/' would serve media over the whole site; use a prefix such as '/media/'.");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckRoot(MediaOptions o, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(o.Root))
            errors.Add("Media:Root is empty; set it to the folder that holds uploaded files (e.g. 'media').");
        else if (!Directory.Exists(o.RootPath))
            errors.Add($"Media:Root '{o.RootPath}' does not exist; create the folder or point Media:Root at an existing one.");
        else if (!IsWritable(o.RootPath, out var why))
            errors.Add($"Media:Root '{o.RootPath}' is not writable: {why}");
    }

    private static bool IsWritable(string dir, out string why)
    {
        var probe = Path.Combine(dir, $".write-probe-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
            why = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            why = e.Message;
            return false;
        }
    }
}

/// <summary>Resolves <see cref="MediaOptions.RootPath"/> from <see cref="MediaOptions.Root"/> against the content root.</summary>
internal sealed class MediaOptionsSetup(IHostEnvironment env) : IPostConfigureOptions<MediaOptions>
{
    public void PostConfigure(string? name, MediaOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Root)) return;
        var full = Path.GetFullPath(Path.Combine(env.ContentRootPath, o.Root));
        o.RootPath = Path.EndsInDirectorySeparator(full) ? full : full + Path.DirectorySeparatorChar;
    }
}
