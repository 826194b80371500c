namespace BlazorMedia.Imaging;

/// <summary>Section <c>Imaging</c>: which engine decodes images, and how they are encoded.</summary>
public sealed class ImagingOptions
{
    public const string SectionName = "Imaging";

    /// <summary><c>LibVips</c> or <c>ImageSharp</c>. Default <c>LibVips</c>: faster thumbnails (shrink-on-load) and
    /// maintained decoders; see the README's benchmark figures.</summary>
    public ImagingEngine Engine { get; set; } = ImagingEngine.LibVips;

    /// <summary>JPEG and WebP quality of re-encoded uploads. Default 85: visually lossless for photos at about half of
    /// Q=95's size. 1 to 100.</summary>
    public int Quality { get; set; } = 85;

    /// <summary>WebP quality of thumbnails. Default 80: thumbnails are small, artefacts would show before bytes
    /// matter. 1 to 100.</summary>
    public int ThumbnailQuality { get; set; } = 80;

    /// <summary>ImageSharp engine only: the largest single buffer it may allocate, in MB
    /// (<c>MemoryAllocatorOptions.AllocationLimitMegabytes</c>). Default 256: a 40 MP frame as RGBA is 160 MB.
    /// 16 to 4096.</summary>
    public int ImageSharpAllocationLimitMegabytes { get; set; } = 256;
}
