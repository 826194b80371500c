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

    /// <summary>Either: bytes that start like JPEG, PNG, WebP or GIF are validated and re-encoded as an
    /// <see cref="Image"/>, everything else must be a <see cref="Document"/>. The media library's field.</summary>
    ImageOrDocument,
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
    /// <summary>Media-library files: images (decoded and re-encoded, thumbnails made) or documents, up to
    /// <c>Uploads:MaxDocumentSize</c>. The library chooses the folder; this rule only cleans the file name.</summary>
    public UploadField Library { get; } = new("Media library", UploadKind.ImageOrDocument, options.Value.MaxDocumentSize,
        UploadTo.Template("{name}{ext}"), ImageLimits.General);

    public UploadField Report { get; } = new("Report file", UploadKind.Document, options.Value.MaxDocumentSize,
        UploadTo.Template("reports_save/{yyyy}/{MM}/"));
}
