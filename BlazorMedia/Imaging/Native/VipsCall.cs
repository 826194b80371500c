namespace BlazorMedia.Imaging.Native;

/// <summary>One libvips operation called the way NetVips does it: create by nickname, set each argument as a
/// GObject property (typed from the operation's own GParamSpec), build through the operation cache, read outputs
/// as properties. No C varargs anywhere.</summary>
/// <example><code>
/// using var call = new VipsCall("thumbnail");
/// call.Set("filename", path).Set("width", 256).SetEnum("crop", "centre");
/// using var image = call.Build().GetImage("out");
/// </code></example>
internal sealed unsafe class VipsCall : IDisposable
{
    private nint _operation;
    private bool _built;

    public VipsCall(string nickname)
    {
        Vips.EnsureInitialised();
        _operation = LibVips.vips_operation_new(nickname);
        if (_operation == 0)
            throw new VipsException($"no libvips operation '{nickname}': {Vips.TakeError()}");
        Nickname = nickname;
    }

    public string Nickname { get; }

    public VipsCall Set(string name, int value) => SetValue(name, GTypeCheck.Int, v => LibVips.g_value_set_int(v, value));

    public VipsCall Set(string name, bool value) =>
        SetValue(name, GTypeCheck.Boolean, v => LibVips.g_value_set_boolean(v, value ? 1 : 0));

    public VipsCall Set(string name, double value) =>
        SetValue(name, GTypeCheck.Double, v => LibVips.g_value_set_double(v, value));

    public VipsCall Set(string name, string value) =>
        SetValue(name, GTypeCheck.String, v => LibVips.g_value_set_string(v, value));

    public VipsCall Set(string name, VipsImageHandle image) =>
        SetValue(name, GTypeCheck.Object, v => LibVips.g_value_set_object(v, image.DangerousGetHandle()));

    /// <summary>Sets an enum argument by its libvips nickname ("centre", "sequential", "error", ...).</summary>
    public VipsCall SetEnum(string name, string nick) => SetValue(name, GTypeCheck.Enum, v =>
    {
        var value = LibVips.vips_enum_from_nick(Nickname, v->GType, nick);
        if (value < 0)
            throw new VipsException(Vips.TakeError());
        LibVips.g_value_set_enum(v, value);
    });

    /// <summary>Sets a VipsBlob argument from a copy of <paramref name="bytes"/>: loaders are lazy and keep
    /// reading the blob after this call returns, so it must own its memory rather than borrow a pinned span.</summary>
    public VipsCall Set(string name, ReadOnlySpan<byte> bytes)
    {
        nint blob;
        fixed (byte* p = bytes)
            blob = LibVips.vips_blob_copy(p, (nuint)bytes.Length);
        try
        {
            return SetValue(name, GTypeCheck.Boxed, v => LibVips.g_value_set_boxed(v, blob));
        }
        finally
        {
            LibVips.vips_area_unref(blob); // the GValue took its own reference
        }
    }

    /// <summary>Runs the operation. Throws <see cref="VipsException"/> with libvips' message when it fails.</summary>
    public VipsCall Build()
    {
        var built = LibVips.vips_cache_operation_build(_operation);
        if (built == 0)
            throw new VipsException(Vips.TakeError());
        LibVips.g_object_unref(_operation);
        _operation = built;
        _built = true;
        return this;
    }

    public VipsImageHandle GetImage(string name)
    {
        var value = GetValue(name);
        try
        {
            return new VipsImageHandle(LibVips.g_object_ref(LibVips.g_value_get_object(&value)));
        }
        finally
        {
            LibVips.g_value_unset(&value);
        }
    }

    public double GetDouble(string name)
    {
        var value = GetValue(name);
        try
        {
            return LibVips.g_value_get_double(&value);
        }
        finally
        {
            LibVips.g_value_unset(&value);
        }
    }

    public byte[] GetBlob(string name)
    {
        var value = GetValue(name);
        try
        {
            nuint length;
            var data = LibVips.vips_blob_get(LibVips.g_value_get_boxed(&value), &length);
            return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
        }
        finally
        {
            LibVips.g_value_unset(&value);
        }
    }

    public void Dispose()
    {
        if (_operation == 0)
            return;
        // Outputs hold references back to the operation; a failed build can also leave partial outputs.
        LibVips.vips_object_unref_outputs(_operation);
        LibVips.g_object_unref(_operation);
        _operation = 0;
    }

    private GValue GetValue(string name)
    {
        if (!_built)
            throw new InvalidOperationException($"{Nickname}: read '{name}' before Build().");
        var value = new GValue();
        LibVips.g_value_init(&value, PropertyType(name));
        LibVips.g_object_get_property(_operation, name, &value);
        return value;
    }

    private delegate void ValueSetter(GValue* value);

    private VipsCall SetValue(string name, GTypeCheck expected, ValueSetter set)
    {
        var type = PropertyType(name);
        if (LibVips.g_type_fundamental(type) != (nint)expected)
            throw new ArgumentException($"{Nickname}: argument '{name}' is not of kind {expected}.", nameof(name));
        var value = new GValue();
        LibVips.g_value_init(&value, type);
        try
        {
            set(&value);
            LibVips.g_object_set_property(_operation, name, &value);
        }
        finally
        {
            LibVips.g_value_unset(&value);
        }
        return this;
    }

    /// <summary>The argument's GType from its GParamSpec (<c>value_type</c> follows the 8-byte type instance,
    /// the name pointer and the 4-byte flags, padded: offset 24 on 64-bit).</summary>
    private nint PropertyType(string name)
    {
        var klass = *(nint*)_operation; // GTypeInstance.g_class is the first field of every GObject
        var pspec = LibVips.g_object_class_find_property(klass, name);
        if (pspec == 0)
            throw new ArgumentException($"{Nickname} has no argument '{name}'.", nameof(name));
        return *(nint*)((byte*)pspec + 24);
    }

    private enum GTypeCheck : long
    {
        Boolean = LibVips.GTypeBoolean,
        Int = LibVips.GTypeInt,
        Enum = LibVips.GTypeEnum,
        Double = LibVips.GTypeDouble,
        String = LibVips.GTypeString,
        Boxed = LibVips.GTypeBoxed,
        Object = LibVips.GTypeObject,
    }
}
