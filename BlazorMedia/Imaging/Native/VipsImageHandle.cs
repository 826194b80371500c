using System.Runtime.InteropServices;

namespace BlazorMedia.Imaging.Native;

/// <summary>Owns one reference to a <c>VipsImage</c>. Images are lazy pipelines: pixels are computed only when a
/// sink (save, avg, ...) pulls them, so holding the handle is cheap until then.</summary>
internal sealed class VipsImageHandle : SafeHandle
{
    public VipsImageHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    /// <summary>Takes ownership of a reference the caller already holds.</summary>
    internal VipsImageHandle(nint image) : base(IntPtr.Zero, ownsHandle: true) => SetHandle(image);

    public override bool IsInvalid => handle == IntPtr.Zero;

    public int Width => LibVips.vips_image_get_width(this);

    public int Height => LibVips.vips_image_get_height(this);

    public int Bands => LibVips.vips_image_get_bands(this);

    /// <summary>The <c>VipsInterpretation</c> enum value (22 = sRGB, 15 = CMYK, 1 = B_W, ...).</summary>
    public int Interpretation => LibVips.vips_image_get_interpretation(this);

    public bool HasField(string name) => LibVips.vips_image_get_typeof(this, name) != 0;

    public unsafe int? GetInt(string name)
    {
        if (!HasField(name))
            return null;
        int value;
        return LibVips.vips_image_get_int(this, name, &value) == 0 ? value : null;
    }

    /// <summary>Sets an int field. Only safe on an image this code created and nothing else shares (a fresh
    /// <c>copy</c>): metadata on a shared image would leak into other pipelines.</summary>
    public void SetInt(string name, int value) => LibVips.vips_image_set_int(this, name, value);

    /// <summary>Names of every metadata field (EXIF entries show up as <c>exif-ifd0-...</c>, GPS as
    /// <c>exif-ifd3-...</c>, plus <c>exif-data</c>, <c>xmp-data</c>, <c>icc-profile-data</c>).</summary>
    public IReadOnlyList<string> GetFields()
    {
        var strv = LibVips.vips_image_get_fields(this);
        var names = new List<string>();
        try
        {
            for (var i = 0; ; i++)
            {
                var p = Marshal.ReadIntPtr(strv, i * IntPtr.Size);
                if (p == IntPtr.Zero)
                    break;
                names.Add(Marshal.PtrToStringUTF8(p)!);
            }
        }
        finally
        {
            LibVips.g_strfreev(strv);
        }
        return names;
    }

    /// <summary>Removes every metadata field (EXIF, GPS, XMP, IPTC, ICC, orientation, comments); the core
    /// header (size, bands, format, interpretation) is not metadata and stays. Same sharing rule as
    /// <see cref="SetInt"/>.
    /// Needed because libvips 8.14's webpsave ignores <c>strip</c> and the thumbnail operation keeps EXIF.</summary>
    public void RemoveAllMetadata()
    {
        foreach (var name in GetFields())
            LibVips.vips_image_remove(this, name);
    }

    protected override bool ReleaseHandle()
    {
        LibVips.g_object_unref(handle);
        return true;
    }
}
