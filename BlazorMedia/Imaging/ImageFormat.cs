namespace BlazorMedia.Imaging;

/// <summary>The accepted formats, told apart by magic bytes only: the file name and the client's content type
/// are ignored because both are attacker-controlled.</summary>
internal sealed record ImageFormat(string Name, string ContentType, string Extension, string Loader, string Saver)
{
    public static readonly ImageFormat Jpeg = new("JPEG", "image/jpeg", ".jpg", "jpegload", "jpegsave_buffer");
    public static readonly ImageFormat Png = new("PNG", "image/png", ".png", "pngload", "pngsave_buffer");
    public static readonly ImageFormat Webp = new("WebP", "image/webp", ".webp", "webpload", "webpsave_buffer");
    public static readonly ImageFormat Gif = new("GIF", "image/gif", ".gif", "gifload", "gifsave_buffer");

    /// <summary>Bytes needed by <see cref="Detect"/> and by the PNG IHDR pre-check.</summary>
    public const int PrefixLength = 32;

    public static ImageFormat? Detect(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
            return Jpeg;
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
            return Png;
        if (prefix.Length >= 12 && prefix.StartsWith("RIFF"u8) && prefix[8..12].SequenceEqual("WEBP"u8))
            return Webp;
        if (prefix.StartsWith("GIF87a"u8) || prefix.StartsWith("GIF89a"u8))
            return Gif;
        return null;
    }

    /// <summary>The width and height a PNG declares in its IHDR chunk (always first, at a fixed offset). Read by
    /// hand because libpng refuses sides over 1,000,000 with a generic "Invalid IHDR data", and we want the
    /// specific size message for those too.</summary>
    public static (long Width, long Height)? PngDeclaredSize(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 24 || !prefix[12..16].SequenceEqual("IHDR"u8))
            return null;
        return (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(prefix[16..20]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(prefix[20..24]));
    }
}
