using System.Runtime.InteropServices;

namespace BlazorMedia.Imaging;

/// <summary>The bytes of an uploaded image: either buffered in memory (small uploads) or a spooled temp file
/// (uploads over <c>Uploads:MaxMemorySize</c>). Files are read by the engine straight from disk, never loaded whole
/// into managed memory.</summary>
public abstract class ImageSource
{
    private protected ImageSource() { }

    /// <summary>Bytes already in memory. They are copied once into libvips when an operation needs them.</summary>
    public static ImageSource FromMemory(ReadOnlyMemory<byte> bytes) => new MemoryImageSource(bytes);

    /// <summary>A file on this machine (a spooled upload). The path must be absolute and must not contain
    /// <c>[</c> or <c>]</c>: libvips reads <c>name.jpg[option=value]</c> as load options, so a bracket would let
    /// a file name choose loader settings.</summary>
    public static ImageSource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!Path.IsPathFullyQualified(path))
            throw new ArgumentException($"Image path must be absolute: '{path}'.", nameof(path));
        if (path.AsSpan().IndexOfAny('[', ']') >= 0)
            throw new ArgumentException($"Image path must not contain '[' or ']': '{path}'.", nameof(path));
        return new FileImageSource(path);
    }

    /// <summary>Fills <paramref name="buffer"/> with the first bytes; returns how many there were.</summary>
    internal abstract int ReadPrefix(Span<byte> buffer);

    /// <summary>A fresh read-only, seekable stream over the bytes (for the managed parsers and ImageSharp).</summary>
    internal abstract Stream OpenRead();
}

internal sealed class MemoryImageSource(ReadOnlyMemory<byte> bytes) : ImageSource
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    /// <summary>The bytes as an array of exactly their length: the backing array when it is one, else a copy.</summary>
    public byte[] ToArray() =>
        MemoryMarshal.TryGetArray(Bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : Bytes.ToArray();

    internal override int ReadPrefix(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, Bytes.Length);
        Bytes.Span[..n].CopyTo(buffer);
        return n;
    }

    internal override Stream OpenRead() =>
        MemoryMarshal.TryGetArray(Bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(Bytes.ToArray(), writable: false);
}

internal sealed class FileImageSource(string path) : ImageSource
{
    public string Path { get; } = path;

    internal override int ReadPrefix(Span<byte> buffer)
    {
        using var file = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(file, buffer[total..], total);
            if (n == 0)
                break;
            total += n;
        }
        return total;
    }

    internal override Stream OpenRead() =>
        new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
}
