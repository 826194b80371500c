using System.Buffers.Binary;

namespace BlazorMedia.Imaging;

/// <summary>The accepted formats, told apart by magic bytes only: the file name and the client's content type
/// are ignored because both are attacker-controlled. Every engine accepts exactly these four.</summary>
public sealed record ImageFormat
{
    private ImageFormat(string name, string contentType, string extension)
    {
        Name = name;
        ContentType = contentType;
        Extension = extension;
    }

    /// <summary>"JPEG", "PNG", "WebP" or "GIF".</summary>
    public string Name { get; }

    public string ContentType { get; }

    /// <summary>The extension a stored file of this format gets (".jpg", ".png", ".webp", ".gif").</summary>
    public string Extension { get; }

    public static readonly ImageFormat Jpeg = new("JPEG", "image/jpeg", ".jpg");
    public static readonly ImageFormat Png = new("PNG", "image/png", ".png");
    public static readonly ImageFormat Webp = new("WebP", "image/webp", ".webp");
    public static readonly ImageFormat Gif = new("GIF", "image/gif", ".gif");

    /// <summary>The four accepted formats.</summary>
    public static IReadOnlyList<ImageFormat> All { get; } = [Jpeg, Png, Webp, Gif];

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
    /// hand because decoders refuse sides over 1,000,000 with a generic "Invalid IHDR data", and we want the
    /// specific size message for those too.</summary>
    internal static (long Width, long Height)? PngDeclaredSize(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 24 || !prefix[12..16].SequenceEqual("IHDR"u8))
            return null;
        return (BinaryPrimitives.ReadUInt32BigEndian(prefix[16..20]), BinaryPrimitives.ReadUInt32BigEndian(prefix[20..24]));
    }
}
