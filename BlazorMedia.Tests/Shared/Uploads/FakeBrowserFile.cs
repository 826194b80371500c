using Microsoft.AspNetCore.Components.Forms;

namespace BlazorMedia.Tests.Uploads;

/// <summary>An IBrowserFile like Blazor's: refuses a declared size over the limit when opened, then streams the body
/// (which may not match the declared size, as with a hostile client).</summary>
internal sealed class FakeBrowserFile(string name, long declaredSize, byte[] body) : IBrowserFile
{
    public bool Opened { get; private set; }
    public string Name => name;
    public DateTimeOffset LastModified => DateTimeOffset.UnixEpoch;
    public long Size => declaredSize < 0 ? body.Length : declaredSize;
    public string ContentType => "image/png";

    public Stream OpenReadStream(long maxAllowedSize = 512000, CancellationToken cancellationToken = default)
    {
        if (Size > maxAllowedSize)
            throw new IOException($"Supplied file with size {Size} bytes exceeds the maximum of {maxAllowedSize} bytes.");
        Opened = true;
        return new MemoryStream(body);
    }
}
