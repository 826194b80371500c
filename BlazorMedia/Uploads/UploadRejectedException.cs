namespace BlazorMedia.Uploads;

/// <summary>An upload refused for a reason the user can act on. <see cref="Exception.Message"/> names the file and the
/// reason, ready to show ("photo.png is 12.4 MB; the limit for Avatar is 10 MB.").</summary>
public sealed class UploadRejectedException(string fileName, string reason)
    : Exception($"{fileName} {reason}")
{
    public string FileName { get; } = fileName;

    public string Reason { get; } = reason;
}
