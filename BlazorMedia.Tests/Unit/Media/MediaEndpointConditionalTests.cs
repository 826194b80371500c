using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace BlazorMedia.Tests.Media;

/// <summary>Validators, 304, byte ranges and HEAD; run once over the sendfile fast path and once over the stream
/// path a remote backend takes.</summary>
public abstract class MediaEndpointConditionalTests<TFactory>(TFactory app) : IClassFixture<TFactory>
    where TFactory : MediaAppFactory
{
    private static readonly byte[] Bytes = Encoding.ASCII.GetBytes("0123456789abcdefghijklmnopqrstuvwxyz"); // 36 bytes
    private static readonly DateTime Modified = new(2026, 11, 20, 8, 30, 15, DateTimeKind.Utc);

    private async Task<HttpResponseMessage> SendAsync(string name, Action<HttpRequestMessage>? configure = null,
        HttpMethod? method = null)
    {
        app.Write(name, Bytes, Modified);
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, "/media/" + name);
        configure?.Invoke(request);
        return await app.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task Get_File_StrongETagAndLastModified()
    {
        using var response = await SendAsync("avatars/v1.png");
        response.Headers.ETag!.IsWeak.ShouldBeFalse();
        response.Headers.ETag.Tag.ShouldBe($"\"{Bytes.Length:x}-{Modified.Ticks:x}\"");
        response.Content.Headers.LastModified.ShouldBe(new DateTimeOffset(Modified));
    }

    [Fact]
    public async Task Get_MatchingIfNoneMatch_NotModifiedWithoutBody()
    {
        using var first = await SendAsync("avatars/v2.png");
        using var response = await SendAsync("avatars/v2.png", r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!));
        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
        response.Headers.ETag.ShouldBe(first.Headers.ETag);
        response.Headers.NonValidated["Cache-Control"].ToString().ShouldBe("public, max-age=0, must-revalidate");
        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
    }

    [Fact]
    public async Task Get_StaleIfNoneMatch_Ok()
    {
        using var response = await SendAsync("avatars/v3.png", r => r.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0-0\"")));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_IfModifiedSinceNotOlder_NotModified()
    {
        using var response = await SendAsync("avatars/v4.png", r => r.Headers.IfModifiedSince = Modified);
        response.StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Get_IfModifiedSinceOlder_Ok()
    {
        using var response = await SendAsync("avatars/v5.png", r => r.Headers.IfModifiedSince = Modified.AddSeconds(-1));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_SingleRange_PartialContent()
    {
        using var response = await SendAsync("docs/r1.pdf", r => r.Headers.Range = new RangeHeaderValue(2, 5));
        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().ShouldBe("bytes 2-5/36");
        (await response.Content.ReadAsStringAsync()).ShouldBe("2345");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
    }

    [Fact]
    public async Task Get_SuffixRange_LastBytes()
    {
        using var response = await SendAsync("docs/r2.pdf", r => r.Headers.Range = new RangeHeaderValue(null, 4));
        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        response.Content.Headers.ContentRange!.ToString().ShouldBe("bytes 32-35/36");
        (await response.Content.ReadAsStringAsync()).ShouldBe("wxyz");
    }

    [Fact]
    public async Task Get_OpenEndedRange_ToEnd()
    {
        using var response = await SendAsync("docs/r3.pdf", r => r.Headers.Range = new RangeHeaderValue(30, null));
        response.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await response.Content.ReadAsStringAsync()).ShouldBe("uvwxyz");
    }

    [Theory]
    [InlineData("items=0-1")]
    [InlineData("pages=2-5")]
    [InlineData("bytes0-1")]
    public async Task Get_RangeInAnUnknownUnit_WholeFile(string range)
    {
        using var response = await SendAsync("docs/r5.pdf", r => r.Headers.TryAddWithoutValidation("Range", range));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentRange.ShouldBeNull();
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Bytes);
    }

    [Fact]
    public async Task Get_UnsatisfiableRange_RangeNotSatisfiable()
    {
        using var response = await SendAsync("docs/r4.pdf", r => r.Headers.Range = new RangeHeaderValue(100, 200));
        response.StatusCode.ShouldBe(HttpStatusCode.RequestedRangeNotSatisfiable);
        response.Content.Headers.ContentRange!.ToString().ShouldBe("bytes */36");
    }

    [Fact]
    public async Task Get_MultipleRanges_WholeFileWithOk()
    {
        // RFC 9110 §14.2 lets a server ignore Range; whole-file 200 avoids multipart/byteranges (documented choice).
        using var response = await SendAsync("docs/r5.pdf", r =>
        {
            var range = new RangeHeaderValue();
            range.Ranges.Add(new RangeItemHeaderValue(0, 1));
            range.Ranges.Add(new RangeItemHeaderValue(4, 5));
            r.Headers.Range = range;
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(Bytes);
    }

    [Fact]
    public async Task Get_RangeWithStaleIfRange_WholeFile()
    {
        using var response = await SendAsync("docs/r6.pdf", r =>
        {
            r.Headers.Range = new RangeHeaderValue(0, 1);
            r.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"old\""));
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Head_File_HeadersWithoutBody()
    {
        using var response = await SendAsync("avatars/h1.png", method: HttpMethod.Head);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.ShouldBe(Bytes.Length);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        response.Headers.ETag.ShouldNotBeNull();
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Head_MissingFile_NotFound()
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, "/media/avatars/none.png");
        using var response = await app.CreateClient().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_File_MethodNotAllowed()
    {
        app.Write("avatars/p1.png", Bytes);
        using var response = await app.CreateClient().PostAsync("/media/avatars/p1.png", new ByteArrayContent([]));
        ((int)response.StatusCode).ShouldBeOneOf(404, 405);
    }
}

public sealed class MediaEndpointConditionalLocalFileTests(MediaAppFactory app)
    : MediaEndpointConditionalTests<MediaAppFactory>(app);

public sealed class MediaEndpointConditionalStreamTests(StreamOnlyMediaAppFactory app)
    : MediaEndpointConditionalTests<StreamOnlyMediaAppFactory>(app);
