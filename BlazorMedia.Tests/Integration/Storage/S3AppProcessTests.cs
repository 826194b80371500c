using System.Net;
using System.Text.Json;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>The real app binary with <c>Storage:Backend=S3</c>: it needs no media folder, and /healthz reports the
/// bucket instead of the media root.</summary>
[Collection(StorageServersCollection.Name)]
public sealed class S3AppProcessTests(S3rverServer server)
{
    private Dictionary<string, string?> S3Settings(string bucket, string? location = null) => new()
    {
        ["Storage__Backend"] = "S3",
        ["Storage__S3__ServiceUrl"] = server.ServiceUrl,
        ["Storage__S3__ForcePathStyle"] = "true",
        ["Storage__S3__Bucket"] = bucket,
        ["Storage__S3__AccessKey"] = S3rverServer.AccessKey,
        ["Storage__S3__SecretKey"] = S3rverServer.SecretKey,
        ["Storage__S3__Location"] = location ?? $"app-{Guid.NewGuid():N}",
        // No media folder anywhere: a path that does not exist would stop a file-system app at start-up.
        ["Media__Root"] = "/nonexistent/bm-media",
    };

    [Fact]
    public async Task Start_S3WithoutMediaRoot_HealthyWithBucketCheckInsteadOfMediaRoot()
    {
        // Two objects: the probe lists one key, so s3rver must make a continuation token (DES, which Node 20 has only
        // with its legacy OpenSSL provider: without it every listing that pages answered 500 and /healthz said
        // the bucket was not readable).
        var location = $"app-{Guid.NewGuid():N}";
        using (var storage = new BlazorMedia.Storage.S3.S3Storage(server.Options(location)))
            foreach (var name in new[] { "avatars/a.png", "avatars/b.png" })
                await storage.SaveAsync(name, new MemoryStream("x"u8.ToArray()));
        await using var app = await AppProcess.StartAsync(S3Settings(server.Bucket, location));
        using var http = new HttpClient();

        var checks = await ChecksAsync(http, app);

        checks.GetProperty("s3-bucket").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.TryGetProperty("media-root", out _).ShouldBeFalse();
        (await http.GetAsync($"{app.BaseUrl}/profiles")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Healthz_BucketMissing_UnhealthyNamingTheBucket()
    {
        await using var app = AppProcess.Create(S3Settings("no-such-bucket"));
        app.Start();
        await app.WaitHealthyAsync(anyStatus: true);
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{app.BaseUrl}/healthz");
        var checks = await ChecksAsync(http, app);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var bucket = checks.GetProperty("s3-bucket");
        bucket.GetProperty("status").GetString().ShouldBe("Unhealthy");
        bucket.GetProperty("description").GetString().ShouldStartWith("Bucket 'no-such-bucket' is not readable:");
    }

    private static async Task<JsonElement> ChecksAsync(HttpClient http, AppProcess app)
    {
        using var response = await http.GetAsync($"{app.BaseUrl}/healthz");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
    }
}
