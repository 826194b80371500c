using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

/// <summary>Enforces every bound <see cref="UploadsOptions"/> documents.</summary>
internal sealed class UploadsOptionsValidator : IValidateOptions<UploadsOptions>
{
    public const long MaxMemorySizeLimit = 256L * 1024 * 1024;
    public const int MaxFilesLimit = 10_000;

    public ValidateOptionsResult Validate(string? name, UploadsOptions o)
    {
        var errors = new List<string>();
        if (o.MaxMemorySize is < 0 or > MaxMemorySizeLimit)
            errors.Add($"Uploads:MaxMemorySize {o.MaxMemorySize} must be between 0 and {MaxMemorySizeLimit} bytes (256 MiB): every upload in progress may hold this much memory.");
        if (o.MaxFiles is < 1 or > MaxFilesLimit)
            errors.Add($"Uploads:MaxFiles {o.MaxFiles} must be between 1 and {MaxFilesLimit}.");
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
        if (o.IdleTimeout < TimeSpan.FromSeconds(1) || o.IdleTimeout > TimeSpan.FromMinutes(10))
            errors.Add($"Uploads:IdleTimeout {o.IdleTimeout} must be between 00:00:01 and 00:10:00.");
        if (o.MinBytesPerSecond < 0)
            errors.Add($"Uploads:MinBytesPerSecond {o.MinBytesPerSecond} must be 0 (no minimum) or more.");
        if (!string.IsNullOrEmpty(o.TempDir) && !Directory.Exists(o.TempDir))
            errors.Add($"Uploads:TempDir '{o.TempDir}' does not exist; create it or remove the setting to use the system temp folder.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
