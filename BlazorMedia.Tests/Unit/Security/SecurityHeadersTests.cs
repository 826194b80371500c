using BlazorMedia.Security;

namespace BlazorMedia.Tests.Security;

public sealed class SecurityHeadersTests
{
    [Fact]
    public void Policy_AbsoluteMediaOrigin_AllowsItsImagesAndFetches()
    {
        // The PDF preview fetch()es the file: with media on a CDN or bucket, connect-src must name that origin.
        var policy = SecurityHeaders.Policy("n0nce", "https://cdn.example.com");
        policy.ShouldContain("img-src 'self' data: blob: https://cdn.example.com;");
        policy.ShouldContain("connect-src 'self' https://cdn.example.com;");
    }

    [Fact]
    public void Policy_RelativeMediaUrl_FetchesOnlyFromThisOrigin()
    {
        var policy = SecurityHeaders.Policy("n0nce", null);
        policy.ShouldContain("connect-src 'self';");
        policy.ShouldNotContain("wasm-unsafe-eval");
    }
}
