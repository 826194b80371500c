namespace BlazorMedia.Storage;

/// <summary>The headers a backend stores with an object (S3 and Azure keep them as object properties), so a client that
/// fetches it straight from the bucket or a CDN gets what the media endpoint would send. The rule belongs to serving
/// (<c>Media/</c>), which registers it; storage only applies it.</summary>
public interface IObjectHeaders
{
    /// <summary>Content type and <c>Content-Disposition</c> for the object <paramref name="name"/>.</summary>
    (string ContentType, string ContentDisposition) For(string name);
}

/// <summary>Without a serving rule: every object is an opaque download.</summary>
public sealed class OpaqueObjectHeaders : IObjectHeaders
{
    public static OpaqueObjectHeaders Instance { get; } = new();

    public (string ContentType, string ContentDisposition) For(string name) => ("application/octet-stream", "attachment");
}
