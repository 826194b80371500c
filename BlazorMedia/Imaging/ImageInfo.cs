namespace BlazorMedia.Imaging;

/// <summary>What inspection found: the detected type (from the bytes, never the client's claim), the extension
/// to store it under, and the size of the first frame.</summary>
public sealed record ImageInfo(string ContentType, string Extension, int Width, int Height, int Frames);

/// <summary>An image re-encoded for storage: orientation applied, metadata stripped, same format family.</summary>
public sealed record NormalizedImage(byte[] Bytes, ImageInfo Info);

/// <summary>The one exception for an image we refuse. <see cref="Exception.Message"/> is a human reason meant to
/// follow the file name ("photo.png is truncated or corrupt (...)"), so it starts with a verb.</summary>
public sealed class ImageRejectedException(string reason, Exception? inner = null) : Exception(reason, inner);
