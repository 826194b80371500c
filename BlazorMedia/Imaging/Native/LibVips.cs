using System.Runtime.InteropServices;

namespace BlazorMedia.Imaging.Native;

/// <summary>The raw entry points into libvips 8.14 and GLib/GObject (re-exported by libvips.so.42). Only
/// fixed-arity functions: every operation goes through <see cref="VipsCall"/> (vips_operation_new + GObject
/// properties), never through the C varargs wrappers, whose calling convention .NET cannot express portably.</summary>
internal static unsafe partial class LibVips
{
    private const string Vips = "libvips.so.42";

    // Fundamental GTypes are fixed by GLib's ABI: (id << 2).
    internal const nint GTypeBoolean = 5 << 2;
    internal const nint GTypeInt = 6 << 2;
    internal const nint GTypeEnum = 12 << 2;
    internal const nint GTypeDouble = 15 << 2;
    internal const nint GTypeString = 16 << 2;
    internal const nint GTypeBoxed = 18 << 2;
    internal const nint GTypeObject = 20 << 2;

    // ---- lifecycle, security, errors
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_init(string argv0);

    [LibraryImport(Vips)]
    internal static partial void vips_block_untrusted_set(int state);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void vips_operation_block_set(string name, int state);

    [LibraryImport(Vips)]
    internal static partial void vips_cache_set_max(int max);

    [LibraryImport(Vips)]
    internal static partial void vips_concurrency_set(int concurrency);

    [LibraryImport(Vips)]
    internal static partial nint vips_error_buffer();

    [LibraryImport(Vips)]
    internal static partial void vips_error_clear();

    [LibraryImport(Vips)]
    internal static partial nint vips_foreign_find_load_buffer(byte* data, nuint size);

    [LibraryImport(Vips)]
    internal static partial void g_free(nint mem);

    [LibraryImport(Vips)]
    internal static partial void g_strfreev(nint strv);

    // ---- operations and GObject properties
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_operation_new(string name);

    [LibraryImport(Vips)]
    internal static partial nint vips_cache_operation_build(nint operation);

    [LibraryImport(Vips)]
    internal static partial void vips_object_unref_outputs(nint obj);

    [LibraryImport(Vips)]
    internal static partial nint g_object_ref(nint obj);

    [LibraryImport(Vips)]
    internal static partial void g_object_unref(nint obj);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint g_object_class_find_property(nint klass, string name);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_set_property(nint obj, string name, GValue* value);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_object_get_property(nint obj, string name, GValue* value);

    [LibraryImport(Vips)]
    internal static partial nint g_type_fundamental(nint type);

    [LibraryImport(Vips)]
    internal static partial GValue* g_value_init(GValue* value, nint type);

    [LibraryImport(Vips)]
    internal static partial void g_value_unset(GValue* value);

    [LibraryImport(Vips)]
    internal static partial void g_value_set_boolean(GValue* value, int v);

    [LibraryImport(Vips)]
    internal static partial void g_value_set_int(GValue* value, int v);

    [LibraryImport(Vips)]
    internal static partial void g_value_set_double(GValue* value, double v);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void g_value_set_string(GValue* value, string v);

    [LibraryImport(Vips)]
    internal static partial void g_value_set_enum(GValue* value, int v);

    [LibraryImport(Vips)]
    internal static partial void g_value_set_object(GValue* value, nint v);

    [LibraryImport(Vips)]
    internal static partial void g_value_set_boxed(GValue* value, nint v);

    [LibraryImport(Vips)]
    internal static partial nint g_value_get_object(GValue* value);

    [LibraryImport(Vips)]
    internal static partial nint g_value_get_boxed(GValue* value);

    [LibraryImport(Vips)]
    internal static partial double g_value_get_double(GValue* value);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_enum_from_nick(string domain, nint type, string nick);

    [LibraryImport(Vips)]
    internal static partial nint vips_blob_copy(byte* data, nuint length);

    [LibraryImport(Vips)]
    internal static partial byte* vips_blob_get(nint blob, nuint* length);

    [LibraryImport(Vips)]
    internal static partial void vips_area_unref(nint area);

    // ---- images
    [LibraryImport(Vips)]
    internal static partial int vips_image_get_width(VipsImageHandle image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_height(VipsImageHandle image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_bands(VipsImageHandle image);

    [LibraryImport(Vips)]
    internal static partial int vips_image_get_interpretation(VipsImageHandle image);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint vips_image_get_typeof(VipsImageHandle image, string name);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_get_int(VipsImageHandle image, string name, int* result);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void vips_image_set_int(VipsImageHandle image, string name, int value);

    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int vips_image_remove(VipsImageHandle image, string name);

    [LibraryImport(Vips)]
    internal static partial nint vips_image_get_fields(VipsImageHandle image);

    [LibraryImport(Vips)]
    internal static partial void vips_image_set_progress(VipsImageHandle image, int progress);

    [LibraryImport(Vips)]
    internal static partial void vips_image_set_kill(nint image, int kill);

    // ---- signals (the decode deadline listens to "eval")
    [LibraryImport(Vips, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nuint g_signal_connect_data(
        VipsImageHandle instance, string signal, nint handler, nint data, nint destroy, int flags);

    [LibraryImport(Vips)]
    internal static partial void g_signal_handler_disconnect(VipsImageHandle instance, nuint handlerId);
}

/// <summary>GLib's GValue: a GType followed by two 8-byte data words (24 bytes on 64-bit).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GValue
{
    public nint GType;
    public long Data0;
    public long Data1;
}
