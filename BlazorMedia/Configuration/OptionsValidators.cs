using Microsoft.Extensions.Options;

namespace BlazorMedia.Configuration;

/// <summary>Checks settings at start-up; each failure names the setting and says how to fix it.</summary>
internal sealed class MediaOptionsValidator : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Root))
            errors.Add("Media:Root is empty; set it to the folder that holds uploaded files (e.g. 'media').");
        else if (!Directory.Exists(o.RootPath))
            errors.Add($"Media:Root '{o.RootPath}' does not exist; create the folder or point Media:Root at an existing one.");
        else if (!IsWritable(o.RootPath, out var why))
            errors.Add($"Media:Root '{o.RootPath}' is not writable: {why}");

        if (string.IsNullOrWhiteSpace(o.Url) || !o.Url.EndsWith('/'))
            errors.Add($"Media:Url '{o.Url}' must end with '/' (e.g. '/media/' or 'https://cdn.example.com/media/').");
        else if (!o.Url.StartsWith('/') && !(Uri.TryCreate(o.Url, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https")))
            errors.Add($"Media:Url '{o.Url}' must be a path starting with '/' or an absolute http(s) URL.");
        else if (o.Url == "/")
            errors.Add("Media:Url '/' would serve media over the whole site; use a prefix such as '/media/'.");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
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

internal sealed class UploadsOptionsValidator : IValidateOptions<UploadsOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadsOptions o)
    {
        var errors = new List<string>();
        if (o.MaxMemorySize < 0)
            errors.Add($"Uploads:MaxMemorySize {o.MaxMemorySize} must be zero or more bytes.");
        if (o.MaxFiles < 1)
            errors.Add($"Uploads:MaxFiles {o.MaxFiles} must be at least 1.");
        if (o.MaxAvatarSize < 1)
            errors.Add($"Uploads:MaxAvatarSize {o.MaxAvatarSize} must be at least 1 byte.");
        if (o.MaxDocumentSize < 1)
            errors.Add($"Uploads:MaxDocumentSize {o.MaxDocumentSize} must be at least 1 byte.");
        if (!string.IsNullOrEmpty(o.TempDir) && !Directory.Exists(o.TempDir))
            errors.Add($"Uploads:TempDir '{o.TempDir}' does not exist; create it or remove the setting to use the system temp folder.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o) =>
        StorageOptions.Backends.Contains(o.Backend, StringComparer.Ordinal)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Storage:Backend '{o.Backend}' is not supported; use one of: {string.Join(", ", StorageOptions.Backends)}.");
}

internal sealed class DatabaseOptionsValidator(Microsoft.Extensions.Configuration.IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions o)
    {
        if (!DatabaseOptions.Providers.Contains(o.Provider, StringComparer.Ordinal))
            return ValidateOptionsResult.Fail($"Database:Provider '{o.Provider}' is not supported; use one of: {string.Join(", ", DatabaseOptions.Providers)}.");
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(o.Provider)))
            return ValidateOptionsResult.Fail($"ConnectionStrings:{o.Provider} is empty; Database:Provider '{o.Provider}' needs a connection string.");
        return ValidateOptionsResult.Success;
    }
}

/// <summary>Resolves <see cref="MediaOptions.RootPath"/> from <see cref="MediaOptions.Root"/> against the content root.</summary>
internal sealed class MediaOptionsSetup(Microsoft.AspNetCore.Hosting.IWebHostEnvironment env) : IPostConfigureOptions<MediaOptions>
{
    public void PostConfigure(string? name, MediaOptions o)
    {
        if (string.IsNullOrWhiteSpace(o.Root)) return;
        var full = Path.GetFullPath(Path.Combine(env.ContentRootPath, o.Root));
        o.RootPath = Path.EndsInDirectorySeparator(full) ? full : full + Path.DirectorySeparatorChar;
    }
}
