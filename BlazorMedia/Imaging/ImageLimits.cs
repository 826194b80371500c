namespace BlazorMedia.Imaging;

/// <summary>What an image may declare before libvips decodes a single pixel, and how long decoding may take.
/// Checked against the header, so a 100000×100000 "pixel bomb" costs a few hundred bytes of reading.</summary>
public sealed record ImageLimits
{
    /// <summary>Used in refusal messages: "avatars must be a single image". Default "images".</summary>
    public string Purpose { get; init; } = "images";

    /// <summary>Largest width or height. Default 8192.</summary>
    public int MaxSide { get; init; } = 8192;

    /// <summary>Largest width × height of one frame. Default 40,000,000 (a 40 MP photo, ~160 MB as RGBA).</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Most frames (GIF/WebP animation pages). Default 100.</summary>
    public int MaxFrames { get; init; } = 100;

    /// <summary>Wall-clock budget for decoding and re-encoding one image. Default 5 s.</summary>
    public TimeSpan DecodeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>General media-library images: the defaults.</summary>
    public static ImageLimits General { get; } = new();

    /// <summary>Profile pictures: one still frame.</summary>
    public static ImageLimits Avatar { get; } = new() { Purpose = "avatars", MaxFrames = 1 };
}
