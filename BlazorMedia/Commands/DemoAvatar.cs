using System.Buffers.Binary;
using System.IO.Compression;

namespace BlazorMedia.Commands;

/// <summary>A small PNG drawn in code (a disc on a tinted background), so demo data needs no image files in the
/// repository. Only the encoder's minimum: 8-bit RGB, one IDAT, filter 0; the upload path re-encodes it anyway.</summary>
internal static class DemoAvatar
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static byte[] Png(int size, uint rgb)
    {
        var (r, g, b) = ((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
        var raw = new byte[size * (1 + size * 3)];
        var centre = size / 2.0;
        var radius = size * 0.38;
        for (var y = 0; y < size; y++)
        {
            var row = y * (1 + size * 3); // each scanline starts with its filter byte (0 = none)
            for (var x = 0; x < size; x++)
            {
                var inDisc = Math.Pow(x - centre, 2) + Math.Pow(y - centre, 2) < radius * radius;
                var shade = inDisc ? 1.0 : 0.25 + 0.2 * y / size; // pale background, full colour disc
                var i = row + 1 + x * 3;
                raw[i] = Tint(r, shade);
                raw[i + 1] = Tint(g, shade);
                raw[i + 2] = Tint(b, shade);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, size);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), size);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type RGB
        Chunk(png, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(raw);
            Chunk(png, "IDAT", compressed.ToArray());
        }
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Mixes the colour with white: shade 1 is the colour itself, 0 is white.</summary>
    private static byte Tint(byte channel, double shade) => (byte)Math.Round(255 - (255 - channel) * shade);

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        png.Write(typed);
        var crc = 0xFFFFFFFFu;
        foreach (var x in typed) crc = CrcTable[(crc ^ x) & 0xFF] ^ (crc >> 8);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc ^ 0xFFFFFFFFu);
        png.Write(word);
    }
}
