using System.Net;
using BlazorMedia.Media;
using BlazorMedia.Storage;
using BlazorMedia.Storage.S3;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Media;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Storage;

/// <summary>The real app switched to S3 by configuration alone (<c>Storage:Backend=S3</c> + <c>Storage:S3:*</c>),
/// against s3rver: it starts, and the media endpoint streams objects from the bucket.</summary>
[Collection(StorageServersCollection.Name)]
public sealed class S3AppTests(S3rverServer server) : IDisposable
{
    private readonly S3AppFactory _app = new(server);

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Start_BackendS3_RegistersS3StorageWithoutLocalFiles()
    {
        _app.Services.GetRequiredService<IFileStorage>().ShouldBeOfType<S3Storage>();
        _app.Services.GetService<ILocalFileAccess>().ShouldBeNull();
    }

    [Fact]
    public async Task GetMedia_ObjectInBucket_StreamsIt()
    {
        var storage = _app.Services.GetRequiredService<IFileStorage>();
        var saved = await storage.SaveAsync("avatars/cat.png", new MemoryStream("png-bytes"u8.ToArray()));

        using var response = await _app.CreateClient().GetAsync(storage.GetUrl(saved));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await response.Content.ReadAsStringAsync()).ShouldBe("png-bytes");
        using var client = server.CreateClient();
        (await client.GetObjectMetadataAsync(server.Bucket, $"{_app.Location}/avatars/cat.png")).ContentLength.ShouldBe(9);
    }

    [Fact]
    public async Task SignedUrl_PrivateObject_IsS3PresignedUrlThatServesIt()
    {
        var storage = _app.Services.GetRequiredService<IFileStorage>();
        var saved = await storage.SaveAsync("reports_save/q3.pdf", new MemoryStream("report"u8.ToArray()));

        // The "Download report" link: S3 authorises it, so it carries no app signature S3 would reject.
        var url = _app.Services.GetRequiredService<MediaUrlSigner>().GetUrl(saved, "user-1");

        url.ShouldStartWith($"{server.ServiceUrl}/{server.Bucket}/{_app.Location}/reports_save/q3.pdf?");
        url.ShouldNotContain($"&{MediaUrlSigner.ExpiresParameter}=");
        using var http = new HttpClient();
        (await http.GetStringAsync(url)).ShouldBe("report");
    }

    [Fact]
    public async Task GetMedia_MissingObject_NotFound()
    {
        using var response = await _app.CreateClient().GetAsync("/media/avatars/none.png");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Streaming through the app costs one S3 request per media request: the GET's response carries the
    /// length and time the validators need (it cost a GET and two HEADs), and a revalidation that echoes the ETag is
    /// one HEAD and a 304, with no object fetched.</summary>
    [Fact]
    public async Task GetMedia_S3Backend_OneGetPerDownloadOneHeadPerRevalidation()
    {
        using var inner = server.CreateClient();
        var (counting, calls) = CountingS3Client.Wrap(inner);
        using var app = new S3AppFactory(server, counting);
        var storage = app.Services.GetRequiredService<IFileStorage>();
        var saved = await storage.SaveAsync("thumbnails/ab/cd.webp", new MemoryStream("webp-bytes"u8.ToArray()));
        using var client = app.CreateClient();
        (int Gets, int Heads) Counts() => (calls.Count(nameof(Amazon.S3.IAmazonS3.GetObjectAsync)), calls.Count(nameof(Amazon.S3.IAmazonS3.GetObjectMetadataAsync)));
        var before = Counts();

        using var first = await client.GetAsync(storage.GetUrl(saved));
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await first.Content.ReadAsStringAsync()).ShouldBe("webp-bytes");
        Counts().ShouldBe((before.Gets + 1, before.Heads));

        var etag = first.Headers.ETag!.Tag;
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, storage.GetUrl(saved));
        revalidate.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var notModified = await client.SendAsync(revalidate);
        notModified.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        notModified.Headers.ETag!.Tag.ShouldBe(etag);
        Counts().ShouldBe((before.Gets + 1, before.Heads + 1));

        // A tag from an older version of the object: the bytes, from the one GET.
        using var stale = new HttpRequestMessage(HttpMethod.Get, storage.GetUrl(saved));
        stale.Headers.TryAddWithoutValidation("If-None-Match", "\"0-0\"");
        using var changed = await client.SendAsync(stale);
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).ShouldBe("webp-bytes");
        changed.Headers.ETag!.Tag.ShouldBe(etag);
        Counts().ShouldBe((before.Gets + 2, before.Heads + 2));
    }

    private sealed class S3AppFactory(S3rverServer server, Amazon.S3.IAmazonS3? client = null) : WebApplicationFactory<Program>
    {
        private readonly TempDirectory _dir = new("bm-s3app");

        public string Location { get; } = $"app-{Guid.NewGuid():N}";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Directory.CreateDirectory(_dir.Combine("media"));
            builder.UseEnvironment("Production");
            builder.UseSetting("Media:Root", _dir.Combine("media"));
            builder.UseSetting("Media:SigningKey", Convert.ToBase64String(MediaAppFactory.SigningKey));
            foreach (var (key, value) in TestDatabase.Create(_dir.Combine("test.db")).Settings(":"))
                builder.UseSetting(key, value);
            // Configuration only: exactly what an operator would put in appsettings or environment variables.
            builder.UseSetting("Storage:Backend", "S3");
            builder.UseSetting("Storage:S3:ServiceUrl", server.ServiceUrl);
            builder.UseSetting("Storage:S3:ForcePathStyle", "true");
            builder.UseSetting("Storage:S3:Bucket", server.Bucket);
            builder.UseSetting("Storage:S3:AccessKey", S3rverServer.AccessKey);
            builder.UseSetting("Storage:S3:SecretKey", S3rverServer.SecretKey);
            builder.UseSetting("Storage:S3:Location", Location);
            if (client is not null)
                builder.ConfigureTestServices(services => services.AddSingleton(sp => new S3Storage(
                    sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<S3StorageOptions>>().Value, client, objectHeaders: sp.GetRequiredService<IObjectHeaders>())));
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing) _dir.Dispose();
        }
    }
}
