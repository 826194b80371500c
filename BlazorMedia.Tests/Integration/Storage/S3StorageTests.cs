using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using BlazorMedia.Storage;
using BlazorMedia.Storage.S3;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>The contract against a real S3 protocol (s3rver), each test under its own key prefix, plus what only S3
/// has: locations, presigned URLs, custom domains, multipart uploads and object parameters.</summary>
[Collection(StorageServersCollection.Name)]
public sealed class S3StorageTests : FileStorageContractTests, IDisposable
{
    private readonly S3rverServer _server;
    private readonly List<IDisposable> _disposables = [];
    private readonly S3Storage _storage;

    public S3StorageTests(S3rverServer server)
    {
        _server = server;
        _storage = Create(server.Options());
    }

    protected override IFileStorage Storage => _storage;

    public void Dispose() => _disposables.ForEach(d => d.Dispose());

    private S3Storage Create(S3StorageOptions options)
    {
        var storage = new S3Storage(options, objectHeaders: new BlazorMedia.Media.MediaObjectHeaders());
        _disposables.Add(storage);
        return storage;
    }

    private AmazonS3Client Client()
    {
        var client = _server.CreateClient();
        _disposables.Add(client);
        return client;
    }

    /// <summary>s3rver 3.7.1 leaves a folder out of CommonPrefixes when it holds only sub-folders
    /// (<c>reports/2026/r.pdf</c> → no <c>reports</c>): its file walk skips directories below the delimiter before
    /// it collects prefixes (lib/stores/filesystem.js, listObjects). Amazon S3 lists it; the listing code is the
    /// same one <see cref="FileStorageContractTests.ListAsync_Subfolder_ReturnsNamesRelativeToIt"/> checks.</summary>
    /// <remarks>So the same rules (folders and files apart, ordinal order, case kept) are checked on a layout the
    /// local server lists correctly: every folder also holds a file of its own.</remarks>
    [Fact]
    public override async Task ListAsync_Root_ReturnsFoldersAndFilesSortedOrdinally()
    {
        await Storage.SaveAsync("b.txt", Text("x"));
        await Storage.SaveAsync("B.txt", Text("x"));
        await Storage.SaveAsync("avatars/1.png", Text("x"));
        await Storage.SaveAsync("reports/index.txt", Text("x"));
        await Storage.SaveAsync("reports/2026/r.pdf", Text("x"));

        var listing = await Storage.ListAsync("");

        listing.Directories.ShouldBe(["avatars", "reports"]);
        listing.Files.ShouldBe(["B.txt", "b.txt"]);
        (await Storage.ListAsync("reports")).Directories.ShouldBe(["2026"]);
    }

    [Fact]
    public async Task SaveAsync_WithLocation_StoresKeyUnderItAndListsOnlyItsOwn()
    {
        var options = _server.Options(location: $"app-{Guid.NewGuid():N}/media");
        var storage = Create(options);
        var neighbour = Create(_server.Options(location: options.Location.Replace("/media", "/other")));
        await storage.SaveAsync("avatars/a.png", Text("mine"));
        await neighbour.SaveAsync("avatars/a.png", Text("theirs"));

        var head = await Client().GetObjectMetadataAsync(_server.Bucket, options.Location + "/avatars/a.png");

        head.ContentLength.ShouldBe(4);
        (await storage.ListAsync("avatars")).Files.ShouldBe(["a.png"]);
        (await storage.ListAsync("")).Directories.ShouldBe(["avatars"]);
        await storage.DeleteAsync("avatars/a.png");
        (await neighbour.ExistsAsync("avatars/a.png")).ShouldBeTrue();
    }

    [Fact]
    public async Task GetUrl_PrivateName_IsPresignedAndFetchable()
    {
        var saved = await _storage.SaveAsync("reports_save/2026/q3 report.pdf", Text("quarterly"));

        var url = _storage.GetUrl(saved);

        url.ShouldStartWith(_server.ServiceUrl + "/");
        url.ShouldContain("X-Amz-Signature=");
        url.ShouldContain("X-Amz-Expires=3600");
        using var http = new HttpClient();
        (await http.GetStringAsync(url)).ShouldBe("quarterly");
    }

    [Fact]
    public async Task GetUrl_PresignedUrl_SignatureMatchesSigV4AndTamperingBreaksIt()
    {
        var saved = await _storage.SaveAsync("reports_save/r.pdf", Text("secret"));

        var url = _storage.GetUrl(saved);

        SigV4QueryVerifier.IsValid(url, S3rverServer.SecretKey).ShouldBeTrue();
        SigV4QueryVerifier.IsValid(url.Replace("/reports_save/r.pdf", "/reports_save/other.pdf"), S3rverServer.SecretKey).ShouldBeFalse();
        SigV4QueryVerifier.IsValid(url.Replace("X-Amz-Expires=3600", "X-Amz-Expires=604800"), S3rverServer.SecretKey).ShouldBeFalse();
        SigV4QueryVerifier.IsValid(url, "another-secret").ShouldBeFalse();
    }

    [Theory]
    [InlineData("backdated")]
    [InlineData("unknown key")]
    public async Task GetUrl_PresignedUrlTampered_IsRefusedByTheServer(string tampering)
    {
        var saved = await _storage.SaveAsync("reports_save/r.pdf", Text("secret"));
        var url = _storage.GetUrl(saved);

        // What s3rver checks of a SigV4 URL (it does not recompute the signature; see SigV4QueryVerifier).
        var tampered = tampering == "backdated"
            ? System.Text.RegularExpressions.Regex.Replace(url, "X-Amz-Date=[0-9]{8}", "X-Amz-Date=20200101")
            : url.Replace("X-Amz-Credential=S3RVER", "X-Amz-Credential=INTRUDER");

        tampered.ShouldNotBe(url);
        using var http = new HttpClient();
        using var response = await http.GetAsync(tampered);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public void GetUrl_QuerystringAuthOff_PrivateNameGetsPlainUrl()
    {
        var options = _server.Options();
        options.QuerystringAuth = false;

        Create(options).GetUrl("reports_save/r.pdf").ShouldBe("/media/reports_save/r.pdf");
    }

    [Fact]
    public void GetUrl_CustomDomain_IsHttpsDomainLocationAndEncodedName()
    {
        var options = _server.Options(location: "site/media");
        options.CustomDomain = "cdn.example.com";

        Create(options).GetUrl("fotos/café ü.jpg").ShouldBe("https://cdn.example.com/site/media/fotos/caf%C3%A9%20%C3%BC.jpg");
    }

    [Fact]
    public async Task SaveAsync_StreamLargerThanTwoParts_UsesMultipartUpload()
    {
        var (client, calls) = CountingS3Client.Wrap(Client());
        var storage = new S3Storage(_server.Options(), client);
        _disposables.Add(storage);
        using var source = new GeneratedStream(S3Storage.PartSize * 2L + 1000);

        var saved = await storage.SaveAsync("big/three-parts.bin", source);

        calls.Count("UploadPartAsync").ShouldBe(3);
        calls.Count("CompleteMultipartUploadAsync").ShouldBe(1);
        calls.Count("PutObjectAsync").ShouldBe(0);
        (await storage.GetSizeAsync(saved)).ShouldBe(S3Storage.PartSize * 2L + 1000);
        await using var stored = await storage.OpenReadAsync(saved);
        (await System.Security.Cryptography.SHA256.HashDataAsync(stored)).ShouldBe(source.HashSoFar());
    }

    [Fact]
    public async Task SaveAsync_StreamSmallerThanAPart_UsesOnePut()
    {
        var (client, calls) = CountingS3Client.Wrap(Client());
        var storage = new S3Storage(_server.Options(), client);
        _disposables.Add(storage);

        await storage.SaveAsync("small.bin", new GeneratedStream(S3Storage.PartSize - 1));

        calls.Count("PutObjectAsync").ShouldBe(1);
        calls.Count("InitiateMultipartUploadAsync").ShouldBe(0);
    }

    [Fact]
    public async Task SaveAsync_KeyWrittenByAnotherProcess_SavesUnderNewNameAndKeepsTheirs()
    {
        var options = _server.Options();
        var storage = Create(options);
        await Client().PutObjectAsync(new PutObjectRequest
        {
            BucketName = _server.Bucket, Key = $"{options.Location}/docs/a.txt", ContentBody = "theirs", UseChunkEncoding = false,
        });

        var saved = await storage.SaveAsync("docs/a.txt", Text("mine"));

        saved.ShouldMatch(@"^docs/a_[a-zA-Z0-9]{7}\.txt$");
        (await ReadAsync(storage, "docs/a.txt")).ShouldBe("theirs");
        (await ReadAsync(storage, saved)).ShouldBe("mine");
    }

    [Fact]
    public async Task SaveAsync_FileOverwrite_ReplacesUnderTheSameName()
    {
        var options = _server.Options();
        options.FileOverwrite = true;
        var storage = Create(options);
        await storage.SaveAsync("a.txt", Text("first"));

        var saved = await storage.SaveAsync("a.txt", Text("second"));

        saved.ShouldBe("a.txt");
        (await ReadAsync(storage, "a.txt")).ShouldBe("second");
    }

    [Theory]
    [InlineData("a.png", "image/png", "inline; filename=\"a.png\"; filename*=UTF-8''a.png")]
    [InlineData("evil.html", "application/octet-stream", "attachment; filename=\"evil.html\"; filename*=UTF-8''evil.html")]
    [InlineData("x.svg", "application/octet-stream", "attachment; filename=\"x.svg\"; filename*=UTF-8''x.svg")]
    public async Task SaveAsync_ObjectParameters_FromTheInjectedServingRule(string name, string contentType, string disposition)
    {
        var options = _server.Options();
        options.CacheControl = "public, max-age=60";

        await Create(options).SaveAsync(name, Text("x"));

        var head = await Client().GetObjectMetadataAsync(_server.Bucket, $"{options.Location}/{name}");
        head.Headers.ContentType.ShouldBe(contentType);
        head.Headers.ContentDisposition.ShouldBe(disposition);
        head.Headers.CacheControl.ShouldBe("public, max-age=60");
    }

    [Fact]
    public async Task SaveAsync_SourceFailsDuringMultipart_LeavesNoObject()
    {
        using var source = new GeneratedStream(length: 3L * S3Storage.PartSize, failAfter: S3Storage.PartSize + 100);

        var e = await Should.ThrowAsync<StorageException>(() => _storage.SaveAsync("up/partial.bin", source));

        e.Message.ShouldBe("Storage could not save 'up/partial.bin': The client went away.");
        (await _storage.ExistsAsync("up/partial.bin")).ShouldBeFalse();
    }

    [Fact]
    public async Task SaveAsync_Cancelled_StoresNothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() =>
            _storage.SaveAsync("up/c.bin", new GeneratedStream(3L * S3Storage.PartSize), cts.Token));

        (await _storage.ListAsync("")).Directories.ShouldBeEmpty();
    }

    [Fact]
    public async Task ExistsAsync_ServerDown_ThrowsStorageExceptionNamingTheFile()
    {
        var options = _server.Options();
        // No retries: the SDK would back off for half a minute before giving up.
        using var client = new AmazonS3Client(S3rverServer.AccessKey, S3rverServer.SecretKey, new AmazonS3Config
        {
            ServiceURL = $"http://127.0.0.1:{FreePort.Next()}", ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
        });
        var storage = new S3Storage(options, client);

        var e = await Should.ThrowAsync<StorageException>(() => storage.ExistsAsync("a.txt"));

        e.Message.ShouldStartWith("Storage could not check 'a.txt': ");
    }

    [Fact]
    public async Task GetCreatedTimeAsync_IsTheModifiedTime()
    {
        await _storage.SaveAsync("t.txt", Text("x"));

        (await _storage.GetCreatedTimeAsync("t.txt")).ShouldBe(await _storage.GetModifiedTimeAsync("t.txt"));
    }

    private static async Task<string> ReadAsync(IFileStorage storage, string name)
    {
        await using var stream = await storage.OpenReadAsync(name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
