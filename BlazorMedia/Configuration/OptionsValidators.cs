using BlazorMedia.Storage;
using BlazorMedia.Storage.S3;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Configuration;

/// <summary>Checks settings at start-up; each failure names the setting and says how to fix it. With <c>Storage:Backend=S3</c> the media root holds nothing (thumbnails go to the bucket, spooling to
/// <c>Uploads:TempDir</c>), so it is neither required nor checked: an instance needs no media folder at all.
/// The backend is read from configuration, not <c>IOptions&lt;StorageOptions&gt;</c>: those options' validator reads
/// the S3 options, which read these, and the cycle would hang the first resolution.</summary>
internal sealed class MediaOptionsValidator(Microsoft.Extensions.Configuration.IConfiguration configuration) : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions o)
    {
        var errors = new List<string>();
        if (!StorageOptions.BackendIsS3(configuration))
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
        if (o.PerUser.UploadsPerMinute < 0)
            errors.Add($"Uploads:PerUser:UploadsPerMinute {o.PerUser.UploadsPerMinute} must be 0 (no limit) or more.");
        if (o.PerUser.BytesPerDay < 0)
            errors.Add($"Uploads:PerUser:BytesPerDay {o.PerUser.BytesPerDay} must be 0 (no limit) or more bytes.");
        if (o.PerUser.StorageQuota < 0)
            errors.Add($"Uploads:PerUser:StorageQuota {o.PerUser.StorageQuota} must be 0 (no limit) or more bytes.");
        if (o.StreamingThreshold < 0)
            errors.Add($"Uploads:StreamingThreshold {o.StreamingThreshold} must be zero or more bytes.");
        if (o.StreamingTicketLifetime <= TimeSpan.Zero)
            errors.Add($"Uploads:StreamingTicketLifetime {o.StreamingTicketLifetime} must be positive, e.g. 00:10:00.");
        if (!string.IsNullOrEmpty(o.TempDir) && !Directory.Exists(o.TempDir))
            errors.Add($"Uploads:TempDir '{o.TempDir}' does not exist; create it or remove the setting to use the system temp folder.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks <c>Storage:Backend</c> and, when it is <c>S3</c>, the <c>Storage:S3</c> settings it needs.</summary>
internal sealed class StorageOptionsValidator(IOptions<S3StorageOptions> s3) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o)
    {
        if (!StorageOptions.Backends.Contains(o.Backend, StringComparer.Ordinal))
            return ValidateOptionsResult.Fail($"Storage:Backend '{o.Backend}' is not supported; use one of: {string.Join(", ", StorageOptions.Backends)}.");
        if (o.Backend != "S3") return ValidateOptionsResult.Success;
        var errors = ValidateS3(s3.Value);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> ValidateS3(S3StorageOptions s)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(s.Bucket))
            errors.Add("Storage:S3:Bucket is empty; Storage:Backend 'S3' needs a bucket.");
        if (string.IsNullOrWhiteSpace(s.Region))
            errors.Add("Storage:S3:Region is empty; set the bucket's region (e.g. 'eu-west-1'; any value for a ServiceUrl server that ignores it).");
        if (s.ServiceUrl.Length > 0 && !(Uri.TryCreate(s.ServiceUrl, UriKind.Absolute, out var u) && (u.Scheme == "http" || u.Scheme == "https")))
            errors.Add($"Storage:S3:ServiceUrl '{s.ServiceUrl}' must be an absolute http(s) URL (e.g. 'http://127.0.0.1:4568'), or empty for Amazon S3.");
        if (string.IsNullOrEmpty(s.AccessKey) != string.IsNullOrEmpty(s.SecretKey))
            errors.Add("Storage:S3:AccessKey and Storage:S3:SecretKey must be set together, or both left empty to use the AWS default credential chain.");
        if (s.Location.Trim('/') is { Length: > 0 } location && StorageNames.FindBrokenRule(location) is { } rule)
            errors.Add($"Storage:S3:Location '{s.Location}' is not a valid key prefix: {rule} (e.g. 'media').");
        if (s.QuerystringExpire <= TimeSpan.Zero || s.QuerystringExpire > TimeSpan.FromDays(7))
            errors.Add($"Storage:S3:QuerystringExpire {s.QuerystringExpire} must be positive and at most 7 days, S3's limit for presigned URLs (e.g. '01:00:00').");
        if (s.CustomDomain.Contains("://", StringComparison.Ordinal) || s.CustomDomain.StartsWith('/'))
            errors.Add($"Storage:S3:CustomDomain '{s.CustomDomain}' must be a host name (and optional path) without a scheme, e.g. 'cdn.example.com'.");
        return errors;
    }
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
