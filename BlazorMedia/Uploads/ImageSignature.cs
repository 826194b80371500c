namespace BlazorMedia.Uploads;

/// <summary>Which decoder an <see cref="UploadKind.ImageOrDocument"/> upload goes to. Only the routing: an upload that
/// starts like an image must then decode as one (libvips, with limits), so a forged header is refused, not stored.</summary>
internal static class ImageSignature
{
    public static bool Matches(SpooledUpload upload)
    {
        var head = upload.ReadHead(12).AsSpan();
        return head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
            || head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47])
            || head.StartsWith("GIF8"u8)
            || (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8));
    }
}
