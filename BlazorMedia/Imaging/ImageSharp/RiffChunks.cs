using System.Buffers.Binary;
using System.Text;

namespace BlazorMedia.Imaging.ImageSharp;

/// <summary>Walks a WebP's RIFF chunks by their headers only.</summary>
internal static class RiffChunks
{
    private const int MaxChunks = 1 << 16;

    /// <summary>Each chunk's four-character code, the offset of its data and its size. Stops quietly at the first
    /// chunk that does not fit in the data (<see cref="IsComplete"/> says whether any did not).</summary>
    public static IEnumerable<(string FourCc, long Offset, int Size)> Walk(Stream s)
    {
        var header = new byte[8];
        var at = 12L;
        for (var i = 0; i < MaxChunks && at + 8 <= s.Length; i++)
        {
            s.Position = at;
            if (s.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8)
                yield break;
            var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
            if (at + 8 + size > s.Length)
                yield break;
            yield return (Encoding.ASCII.GetString(header, 0, 4), at + 8, (int)size);
            at += 8 + size + (size & 1); // chunks are padded to an even length
        }
    }

    /// <summary>True when the file is as long as its RIFF header says and every chunk fits in it.</summary>
    public static bool IsComplete(Stream s)
    {
        Span<byte> riff = stackalloc byte[12];
        s.Position = 0;
        if (s.ReadAtLeast(riff, 12, throwOnEndOfStream: false) < 12)
            return false;
        var declared = 8L + BinaryPrimitives.ReadUInt32LittleEndian(riff[4..]);
        if (declared > s.Length)
            return false;
        var end = 12L;
        foreach (var (_, offset, size) in Walk(s))
            end = offset + size + (size & 1);
        return end >= Math.Min(declared, s.Length) - 1;
    }

    /// <summary>Frames of an animated WebP (its <c>ANMF</c> chunks), at least 1.</summary>
    public static int Frames(Stream s) => Math.Max(1, Walk(s).Count(c => c.FourCc == "ANMF"));
}
