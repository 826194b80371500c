using System.Buffers.Binary;

namespace BlazorMedia.Imaging.ImageSharp;

/// <summary>Whether a file runs to its format's end marker. ImageSharp 2.1's decoders are lenient: a JPEG, PNG, WebP or
/// GIF cut in half decodes without an error, the missing part grey or transparent. libvips with <c>fail-on=error</c>
/// refuses such files, and so must this engine, so the structure is walked here before decoding: block headers only,
/// no pixel data interpreted.</summary>
internal static class Completeness
{
    /// <summary>Null when <paramref name="image"/> is whole; otherwise why not, in the decoder's voice.</summary>
    public static string? Problem(Stream image, ImageFormat format)
    {
        image.Position = 0;
        return format.Name switch
        {
            "JPEG" => JpegReachesEndOfImage(image) ? null : "JPEG data ends before its end-of-image marker",
            "PNG" => PngReachesIend(image) ? null : "PNG data ends before its IEND chunk",
            "WebP" => RiffChunks.IsComplete(image) ? null : "WebP data is shorter than its RIFF header declares",
            _ => GifFrames.Count(image).Complete ? null : "GIF data ends inside a block",
        };
    }

    /// <summary>Walks the marker segments to the first scan, then the entropy-coded data, where a 0xFF byte is always
    /// followed by 0x00 (stuffing), a restart marker, or a real marker: later scans and tables of a progressive JPEG are
    /// skipped by their length, and 0xFFD9 ends the image. Running out of bytes first means the file was cut.</summary>
    private static bool JpegReachesEndOfImage(Stream s)
    {
        var reader = new BufferedStream(s, 64 * 1024);
        Span<byte> length = stackalloc byte[2];
        reader.Position = 2; // after SOI
        var inScan = false;
        while (true)
        {
            var b = reader.ReadByte();
            if (b < 0)
                return false;
            if (b != 0xFF)
                continue; // entropy-coded data (or stray padding, which decoders skip too)
            int marker;
            do
                marker = reader.ReadByte();
            while (marker == 0xFF); // fill bytes
            switch (marker)
            {
                case < 0:
                    return false;
                case 0x00 or (>= 0xD0 and <= 0xD7) or 0x01:
                    continue; // stuffed 0xFF, restart marker, TEM: no length
                case 0xD9:
                    return inScan; // end of image, after at least one scan
            }
            if (reader.ReadAtLeast(length, 2, throwOnEndOfStream: false) < 2)
                return false;
            var size = BinaryPrimitives.ReadUInt16BigEndian(length) - 2;
            if (size < 0 || reader.Position + size > reader.Length)
                return false;
            reader.Seek(size, SeekOrigin.Current);
            if (marker == 0xDA)
                inScan = true; // the scan's entropy-coded data follows its header
        }
    }

    private static bool PngReachesIend(Stream s)
    {
        Span<byte> header = stackalloc byte[8];
        s.Position = 8; // after the signature
        while (s.ReadAtLeast(header, 8, throwOnEndOfStream: false) == 8)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (s.Position + length + 4 > s.Length)
                return false; // chunk data and CRC must fit
            if (header[4..8].SequenceEqual("IEND"u8))
                return true;
            s.Seek(length + 4L, SeekOrigin.Current);
        }
        return false;
    }
}
