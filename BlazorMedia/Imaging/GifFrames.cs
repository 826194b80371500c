namespace BlazorMedia.Imaging;

/// <summary>Counts a GIF's frames by walking its blocks (no pixel is decoded), stopping one past a cap. Run before
/// any engine sees a GIF: libnsgif in libvips 8.18 counts every frame of a 10,000-frame GIF while reading the
/// header (tens of milliseconds), and ImageSharp 2.1's <c>Identify</c> does not report frames at all, so this
/// one walk gives both engines the same count, the same message and a refusal in microseconds.</summary>
internal static class GifFrames
{
    /// <summary>Counting stops past this many frames; the refusal then says "more than 4096".</summary>
    public const int Cap = 4096;

    /// <summary>The frame count (at most <see cref="Cap"/> + 1) and whether the data ran to the trailer (or to a
    /// clean end between blocks) rather than stopping inside a block.</summary>
    public static (int Frames, bool Complete) Count(Stream gif)
    {
        var reader = new BufferedStream(gif, 16 * 1024);
        Span<byte> header = stackalloc byte[13];
        if (!ReadExactly(reader, header))
            return (0, false);
        if ((header[10] & 0x80) != 0 && !Skip(reader, 3 << ((header[10] & 0x07) + 1)))
            return (0, false); // global colour table
        var frames = 0;
        Span<byte> descriptor = stackalloc byte[9];
        while (true)
        {
            var block = reader.ReadByte();
            switch (block)
            {
                case -1:
                    return (frames, true); // no trailer, but nothing cut short: decoders accept this
                case 0x3B:
                    return (frames, true);
                case 0x21: // extension: label, then sub-blocks
                    if (reader.ReadByte() < 0 || !SkipSubBlocks(reader))
                        return (frames, false);
                    break;
                case 0x2C: // image descriptor, optional local colour table, LZW code size, sub-blocks
                    if (++frames > Cap)
                        return (frames, true);
                    if (!ReadExactly(reader, descriptor))
                        return (frames, false);
                    if ((descriptor[8] & 0x80) != 0 && !Skip(reader, 3 << ((descriptor[8] & 0x07) + 1)))
                        return (frames, false);
                    if (reader.ReadByte() < 0 || !SkipSubBlocks(reader))
                        return (frames, false);
                    break;
                default:
                    return (frames, false); // not a block a GIF may hold here
            }
        }
    }

    private static bool SkipSubBlocks(Stream reader)
    {
        while (true)
        {
            var size = reader.ReadByte();
            if (size < 0)
                return false;
            if (size == 0)
                return true;
            if (!Skip(reader, size))
                return false;
        }
    }

    private static bool Skip(Stream reader, int count)
    {
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            var n = reader.Read(scratch[..Math.Min(count, scratch.Length)]);
            if (n == 0)
                return false;
            count -= n;
        }
        return true;
    }

    private static bool ReadExactly(Stream reader, Span<byte> buffer) =>
        reader.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length;
}
