using System.Buffers.Binary;

namespace BlazorMedia.Imaging;

/// <summary>Removes EXIF, XMP and ICC chunks from a WebP file we just encoded. Both engines are told to write no
/// metadata, and libvips 8.18 and ImageSharp 2.1 obey; this pass keeps the promise of metadata-free output whatever an
/// encoder version does (libvips 8.14's webpsave, for one, wrote a synthesised EXIF chunk despite <c>strip</c>).</summary>
internal static class WebpMetadata
{
    private const byte IccFlag = 0x20, ExifFlag = 0x08, XmpFlag = 0x04;

    /// <summary>Returns <paramref name="webp"/> without metadata chunks (or unchanged when it has none). Throws
    /// <see cref="InvalidDataException"/> for a malformed container: input here is libvips' output, never a user's.</summary>
    public static byte[] Strip(byte[] webp)
    {
        var span = webp.AsSpan();
        if (span.Length < 12 || !span.StartsWith("RIFF"u8) || !span[8..12].SequenceEqual("WEBP"u8))
            throw new InvalidDataException("not a WebP container");

        using var output = new MemoryStream(webp.Length);
        output.Write(span[..12]);
        var removed = false;
        for (var at = 12; at < span.Length;)
        {
            if (at + 8 > span.Length)
                throw new InvalidDataException("truncated WebP chunk header");
            var fourcc = span.Slice(at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(span[(at + 4)..]);
            var total = 8 + (long)size + (size & 1); // chunks are padded to an even length
            if (at + total > span.Length)
                throw new InvalidDataException("truncated WebP chunk");
            var chunk = span.Slice(at, (int)total);
            if (fourcc.SequenceEqual("EXIF"u8) || fourcc.SequenceEqual("XMP "u8) || fourcc.SequenceEqual("ICCP"u8))
                removed = true;
            else
                output.Write(chunk);
            at += (int)total;
        }
        if (!removed)
            return webp;

        var result = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        // The extended header (VP8X, always first when metadata exists) flags which chunks follow.
        if (result.AsSpan(12, 4).SequenceEqual("VP8X"u8))
            result[20] &= unchecked((byte)~(IccFlag | ExifFlag | XmpFlag));
        return result;
    }
}
