using BlazorMedia.Imaging.LibVips;
using NetVips;

namespace BlazorMedia.Tests.Imaging;

/// <summary>Reads an engine's output back with libvips, the oracle for both engines: size, metadata fields, pixels.</summary>
internal static class Decoded
{
    /// <summary>Decodes <paramref name="bytes"/> with libvips' <paramref name="loader"/> (by default the one its
    /// magic bytes pick).</summary>
    public static Image Load(byte[] bytes, string? loader = null)
    {
        LibVipsRuntime.EnsureInitialised();
        return loader is null ? Image.NewFromBuffer(bytes) : (Image)Operation.Call(loader, bytes);
    }

    /// <summary>Encodes with libvips' <paramref name="saver"/>, keeping every metadata field the image has.</summary>
    public static byte[] Save(Image image, string saver) => (byte[])Operation.Call(saver, null, image);

    public static int? Orientation(Image image) =>
        image.Contains("orientation") && image.Get("orientation") is int value ? value : null;

    /// <summary>Which quarter of the picture is brightest: "top-left", "top-right", "bottom-left" or "bottom-right".</summary>
    public static string BrightCorner(byte[] bytes)
    {
        using var image = Load(bytes);
        int w = image.Width / 2, h = image.Height / 2;
        var corners = new (string Name, int X, int Y)[] { ("top-left", 0, 0), ("top-right", w, 0), ("bottom-left", 0, h), ("bottom-right", w, h) };
        return corners.MaxBy(c =>
        {
            using var quarter = image.Crop(c.X, c.Y, w, h);
            return quarter.Avg();
        }).Name;
    }
}
