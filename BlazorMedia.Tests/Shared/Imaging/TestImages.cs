using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BlazorMedia.Imaging.LibVips;
using NetVips;

namespace BlazorMedia.Tests.Imaging;

/// <summary>The test corpus, generated at run time so no binary blobs live in the repository: real images are
/// rendered by libvips (NetVips, set up exactly as the app sets it up), hostile ones are written byte by byte.</summary>
internal static class TestImages
{
    /// <summary>A noisy (so it does not compress to nothing) sRGB image encoded by libvips' <paramref name="saver"/>.</summary>
    public static byte[] Encode(string saver, int width, int height)
    {
        LibVipsRuntime.EnsureInitialised();
        using var noise = Image.Gaussnoise(width, height);
        using var uchar = noise.Cast(Enums.BandFormat.Uchar);
        using var srgb = uchar.Colourspace(Enums.Interpretation.Srgb);
        return (byte[])Operation.Call(saver, null, srgb);
    }

    public static byte[] Jpeg(int width, int height) => Encode("jpegsave_buffer", width, height);

    public static byte[] Png(int width, int height) => Encode("pngsave_buffer", width, height);

    public static byte[] Webp(int width, int height) => Encode("webpsave_buffer", width, height);

    public static byte[] Gif(int width, int height) => Encode("gifsave_buffer", width, height);

    /// <summary>A JPEG whose EXIF says "rotate 90° clockwise to display" (orientation 6) and carries a GPS
    /// position, spliced in by hand as an APP1 segment right after SOI.</summary>
    public static byte[] JpegWithExifOrientation6AndGps(int width, int height) => WithExif(Jpeg(width, height), 6);

    /// <summary>A black <paramref name="width"/>×<paramref name="height"/> JPEG whose top-left quarter is white, with
    /// EXIF <paramref name="orientation"/> (and a GPS position): where the white quarter ends up shows how the
    /// picture was turned.</summary>
    public static byte[] JpegWithMarkedCorner(int width, int height, int orientation)
    {
        LibVipsRuntime.EnsureInitialised();
        using var block = Image.Black(width / 2, height / 2) + 255;
        using var placed = block.Embed(0, 0, width, height);
        using var uchar = placed.Cast(Enums.BandFormat.Uchar);
        using var srgb = uchar.Colourspace(Enums.Interpretation.Srgb);
        return WithExif(srgb.JpegsaveBuffer(q: 95), orientation);
    }

    private static byte[] WithExif(byte[] jpeg, int orientation)
    {
        var exif = ExifOrientationAndGps(orientation);
        var app1 = new byte[4 + exif.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(exif.Length + 2));
        exif.CopyTo(app1, 4);
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    private static byte[] ExifOrientationAndGps(int orientation)
    {
        // Big-endian TIFF: header, IFD0 {Orientation=6, GPSInfo->gps}, GPS IFD {LatitudeRef "N", Latitude 3 rationals}.
        var tiff = new byte[8 + 2 + 2 * 12 + 4 + 2 + 2 * 12 + 4 + 24];
        var s = tiff.AsSpan();
        "MM"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt16BigEndian(s[2..], 42);
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], 8);
        var gpsIfd = 8 + 2 + 2 * 12 + 4;
        var latitude = gpsIfd + 2 + 2 * 12 + 4;
        WriteIfd(s[8..], [(0x0112, 3, 1, (uint)orientation << 16), (0x8825, 4, 1, (uint)gpsIfd)]);
        WriteIfd(s[gpsIfd..], [(0x0001, 2, 2, (uint)'N' << 24), (0x0002, 5, 3, (uint)latitude)]);
        uint[] rationals = [48, 1, 51, 1, 30, 1];
        for (var i = 0; i < rationals.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(s[(latitude + 4 * i)..], rationals[i]);
        return [.. "Exif\0\0"u8, .. tiff];
    }

    private static void WriteIfd(Span<byte> s, (ushort Tag, ushort Type, uint Count, uint Value)[] entries)
    {
        BinaryPrimitives.WriteUInt16BigEndian(s, (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var e = s[(2 + 12 * i)..];
            BinaryPrimitives.WriteUInt16BigEndian(e, entries[i].Tag);
            BinaryPrimitives.WriteUInt16BigEndian(e[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32BigEndian(e[4..], entries[i].Count);
            BinaryPrimitives.WriteUInt32BigEndian(e[8..], entries[i].Value);
        }
        BinaryPrimitives.WriteUInt32BigEndian(s[(2 + 12 * entries.Length)..], 0); // no next IFD
    }

    /// <summary>A PNG whose IHDR (with a correct CRC) declares <paramref name="width"/>×<paramref name="height"/>,
    /// followed by a few bytes of image data: the classic decompression bomb header.</summary>
    public static byte[] PngHeader(uint width, uint height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(new byte[4096]);
        return [.. PngSignature, .. PngChunk("IHDR", ihdr), .. PngChunk("IDAT", idat.ToArray()), .. PngChunk("IEND", [])];
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] PngChunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        var crc = Crc32(chunk.AsSpan(4, 4 + data.Length));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), crc);
        return chunk;
    }

    /// <summary>A real JPEG whose SOF marker is edited to declare <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static byte[] JpegWithForgedSize(ushort width, ushort height)
    {
        var jpeg = Jpeg(16, 16);
        for (var i = 2; i + 9 < jpeg.Length;)
        {
            var marker = jpeg[i + 1];
            if (marker is >= 0xC0 and <= 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), width);
                return jpeg;
            }
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }
        throw new InvalidOperationException("no SOF marker in the generated JPEG");
    }

    /// <summary>A GIF of <paramref name="frames"/> 1×1 frames, 15 bytes each: a frame-count bomb in ~150 KB.</summary>
    public static byte[] GifWithFrames(int frames)
    {
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        gif.Write([1, 0, 1, 0, 0x80, 0, 0]); // 1×1 screen, 2-colour global table follows
        gif.Write([0, 0, 0, 255, 255, 255]);
        for (var i = 0; i < frames; i++)
        {
            gif.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]); // image descriptor at 0,0, 1×1, no local table
            gif.Write([0x02, 0x02, 0x44, 0x01, 0x00]);   // LZW min size 2, one sub-block holding one pixel
        }
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    public static byte[] Truncated(byte[] image) => image[..(image.Length / 2)];

    public static byte[] PngMagicThenHtml() =>
        [.. PngSignature, .. "<html><body><script>alert(document.cookie)</script></body></html>"u8];

    public static byte[] SvgWithScript() =>
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"u8.ToArray();

    public static byte[] Text() => "name,email\nalice,alice@example.com\n"u8.ToArray();

    /// <summary>PNG's CRC-32 (ISO 3309, reflected 0xEDB88320); System.IO.Hashing is not on the package feed.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
