using BlazorMedia.Configuration;
using BlazorMedia.Imaging;
using BlazorMedia.Storage;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Uploads;

public enum UploadKind
{
    /// <summary>JPEG, PNG, WebP or GIF, decoded and re-encoded by libvips (Django's ImageField).</summary>
    Image,

    /// <summary>A document of a type <see cref="DocumentSniffer"/> accepts (Django's FileField with validators).</summary>
    Document,
}

/// <summary>One upload field's rules: Django's <c>FileField(upload_to=…)</c> plus its validators.</summary>
/// <param name="Label">Shown in messages ("… allowed for Avatar").</param>
public sealed record UploadField(string Label, UploadKind Kind, long MaxSize, UploadTo UploadTo, ImageLimits? ImageLimits = null);

/// <summary>The app's fields, sized from <see cref="UploadsOptions"/>.</summary>
public sealed class UploadFields(IOptions<UploadsOptions> options)
{
    /// <summary>Profile avatars: single-frame images, stored as <c>avatars/{uuid}{ext}</c>.</summary>
    public UploadField Avatar { get; } = new("Avatar", UploadKind.Image, options.Value.MaxAvatarSize,
        UploadTo.Template("avatars/{uuid}{ext}"), ImageLimits.Avatar);

    /// <summary>Profile reports (the seeds' <c>report_file</c>): documents under <c>reports_save/{yyyy}/{MM}/</c>.</summary>
    public UploadField Report { get; } = new("Report file", UploadKind.Document, options.Value.MaxDocumentSize,
        UploadTo.Template("reports_save/{yyyy}/{MM}/"));
}
