using System.Buffers.Binary;

namespace BlazorMedia.Imaging.ImageSharp;

/// <summary>Reads the EXIF orientation (tag 0x0112 of IFD0) from where each format keeps its EXIF: a JPEG's APP1
/// segment, a PNG's <c>eXIf</c> chunk, a WebP's <c>EXIF</c> chunk. Done by hand, bounded, touching nothing else,
/// so the ImageSharp engine can decode with <c>IgnoreMetadata</c> (no EXIF, ICC or XMP parsing by ImageSharp at
/// all) and still put the picture upright as libvips does.</summary>
internal static class ExifOrientation
{
    private const int MaxSegments = 256;

    /// <summary>1–8; 1 when there is no EXIF or no valid orientation.</summary>
    public static int Read(Stream image, ImageFormat format)
    {
        var exif = format.Name switch
        {
            "JPEG" => FromJpeg(image),
            "PNG" => FromPng(image),
            "WebP" => FromWebp(image),
            _ => null,
        };
        return exif is null ? 1 : FromTiff(exif);
    }

    private static byte[]? FromJpeg(Stream s)
    {
        Span<byte> marker = stackalloc byte[4];
        s.Position = 2; // after SOI
        for (var i = 0; i < MaxSegments; i++)
        {
            if (s.ReadAtLeast(marker, 4, throwOnEndOfStream: false) < 4 || marker[0] != 0xFF)
                return null;
            var type = marker[1];
            if (type is 0xDA or 0xD9)
                return null; // start of scan or end of image: no EXIF before the pixels
            var length = BinaryPrimitives.ReadUInt16BigEndian(marker[2..]) - 2;
            if (length < 0)
                return null;
            if (type == 0xE1 && length > 6)
            {
                var payload = Read(s, length);
                if (payload is not null && payload.AsSpan().StartsWith("Exif\0\0"u8))
                    return payload[6..];
                continue;
            }
            s.Seek(length, SeekOrigin.Current);
        }
        return null;
    }

    private static byte[]? FromPng(Stream s)
    {
        Span<byte> header = stackalloc byte[8];
        s.Position = 8; // after the signature
        for (var i = 0; i < MaxSegments; i++)
        {
            if (s.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
                return null;
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = header[4..8];
            if (type.SequenceEqual("IDAT"u8) || type.SequenceEqual("IEND"u8) || length > int.MaxValue - 4)
                return null;
            if (type.SequenceEqual("eXIf"u8))
                return Read(s, (int)length);
            s.Seek(length + 4L, SeekOrigin.Current); // data and CRC
        }
        return null;
    }

    private static byte[]? FromWebp(Stream s)
    {
        foreach (var (fourcc, offset, size) in RiffChunks.Walk(s))
        {
            if (fourcc != "EXIF")
                continue;
            s.Position = offset;
            var payload = Read(s, size);
            return payload is not null && payload.AsSpan().StartsWith("Exif\0\0"u8) ? payload[6..] : payload;
        }
        return null;
    }

    private static int FromTiff(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
            return 1;
        var little = tiff.StartsWith("II"u8);
        if (!little && !tiff.StartsWith("MM"u8))
            return 1;
        ushort U16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
        uint U32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
        var ifd = U32(tiff[4..]);
        if (ifd > tiff.Length - 2)
            return 1;
        var count = U16(tiff[(int)ifd..]);
        for (var i = 0; i < count; i++)
        {
            var at = (int)ifd + 2 + 12 * i;
            if (at + 12 > tiff.Length)
                return 1;
            var entry = tiff.Slice(at, 12);
            if (U16(entry) == 0x0112 && U16(entry[2..]) == 3) // Orientation, SHORT
            {
                var value = U16(entry[8..]);
                return value is >= 1 and <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static byte[]? Read(Stream s, int length)
    {
        if (length is <= 0 or > 1 << 20)
            return null; // EXIF is at most 64 KB in a JPEG; a larger claim is not worth reading
        var buffer = new byte[length];
        return s.ReadAtLeast(buffer, length, throwOnEndOfStream: false) == length ? buffer : null;
    }
}
