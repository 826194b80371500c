using System.Net;
using System.Text;
using Azure.Storage.Blobs.Specialized;
using BlazorMedia.Storage;
using BlazorMedia.Storage.AzureBlob;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>The contract against Azure's Blob protocol (Azurite), each test under its own blob prefix, plus what only
/// Azure Blob has here: server-enforced create-only writes, block uploads, SAS links, blob headers, ranged reads.</summary>
[Collection(StorageServersCollection.Name)]
public sealed class AzureBlobStorageTests(AzuriteServer server) : FileStorageContractTests
{
    private readonly AzureBlobStorage _storage = new(server.Options(), objectHeaders: new BlazorMedia.Media.MediaObjectHeaders());

    protected override IFileStorage Storage => _storage;

    private static AzureBlobStorage Create(AzureBlobStorageOptions options) => new(options, objectHeaders: new BlazorMedia.Media.MediaObjectHeaders());

    [Fact]
    public async Task SaveAsync_BlobWrittenByAnotherProcessMeanwhile_ServerRefusesOverwriteAndNameGetsSuffix()
    {
        // The name is free when the storage looks (GetAvailableNameAsync), then another writer creates it before the
        // Put Blob: only the service's If-None-Match: * stands between the two.
        var options = server.Options();
        var storage = Racing(options);

        var saved = await storage.SaveAsync("docs/a.txt", Text("mine"));

        saved.ShouldMatch(@"^docs/a_[a-zA-Z0-9]{7}\.txt$");
        (await ReadAsync(storage, "docs/a.txt")).ShouldBe("theirs");
        (await ReadAsync(storage, saved)).ShouldBe("mine");
    }

    [Fact]
    public async Task SaveAsync_LargerThanOneBlock_StagesBlocksAndCommitsOnce()
    {
        var options = server.Options();
        options.BlockSize = 1 << 20;
        var storage = Create(options);
        using var source = new GeneratedStream(3L * options.BlockSize + 1000);

        var saved = await storage.SaveAsync("big/blocks.bin", source);

        var blocks = await server.ContainerClient().GetBlockBlobClient($"{options.Location}/{saved}").GetBlockListAsync();
        blocks.Value.CommittedBlocks.Count().ShouldBe(4);
        await using var stored = await storage.OpenReadAsync(saved);
        (await System.Security.Cryptography.SHA256.HashDataAsync(stored)).ShouldBe(source.HashSoFar());
    }

    [Fact]
    public async Task SaveAsync_BlockUploadNameTakenByAnotherProcess_FailsAndKeepsTheirs()
    {
        var options = server.Options();
        options.BlockSize = 1 << 20;
        var storage = Racing(options);

        var e = await Should.ThrowAsync<StorageException>(() => storage.SaveAsync("big/b.bin", new GeneratedStream(2L << 20)));

        e.Message.ShouldBe($"Storage could not save 'big/b.bin': another writer created '{options.Location}/big/b.bin' while this upload was running");
        (await ReadAsync(storage, "big/b.bin")).ShouldBe("theirs");
    }

    [Theory]
    [InlineData("a.png", "image/png", "inline; filename=\"a.png\"; filename*=UTF-8''a.png")]
    [InlineData("evil.html", "application/octet-stream", "attachment; filename=\"evil.html\"; filename*=UTF-8''evil.html")]
    public async Task SaveAsync_BlobHeaders_FromTheInjectedServingRule(string name, string contentType, string disposition)
    {
        var options = server.Options();
        options.CacheControl = "public, max-age=60";

        await Create(options).SaveAsync(name, Text("x"));

        var properties = (await server.ContainerClient().GetBlobClient($"{options.Location}/{name}").GetPropertiesAsync()).Value;
        properties.ContentType.ShouldBe(contentType);
        properties.ContentDisposition.ShouldBe(disposition);
        properties.CacheControl.ShouldBe("public, max-age=60");
    }

    [Fact]
    public async Task GetUrl_PrivateName_IsSasUrlThatServesItAndExpires()
    {
        var saved = await _storage.SaveAsync("reports_save/2026/q3 report.pdf", Text("quarterly"));

        var url = _storage.GetUrl(saved);
        var expired = _storage.GetPresignedUrl(saved, TimeSpan.FromSeconds(-120));

        url.ShouldStartWith($"{server.BlobEndpoint}/{server.Container}/");
        url.ShouldContain("sig=");
        using var http = new HttpClient();
        (await http.GetStringAsync(url)).ShouldBe("quarterly");
        (await http.GetAsync(expired)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await http.GetAsync(url[..url.IndexOf('?')])).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [Fact]
    public void GetUrl_PublicName_IsMediaUrl() => _storage.GetUrl("avatars/a.png").ShouldBe("/media/avatars/a.png");

    [Fact]
    public void GetUrl_ExpirationSecsZero_PrivateNameGetsPlainUrl()
    {
        var options = server.Options();
        options.ExpirationSecs = 0;

        Create(options).GetUrl("reports_save/r.pdf").ShouldBe("/media/reports_save/r.pdf");
    }

    [Fact]
    public void GetUrl_CustomDomain_IsHttpsDomainContainerLocationAndEncodedName()
    {
        var options = server.Options(location: "site/media");
        options.CustomDomain = "cdn.example.com";

        Create(options).GetUrl("fotos/café ü.jpg").ShouldBe("https://cdn.example.com/media/site/media/fotos/caf%C3%A9%20%C3%BC.jpg");
    }

    [Fact]
    public async Task OpenReadWithInfoAsync_SeekForARange_ReadsFromThereOfTheSameVersion()
    {
        var bytes = Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7)).ToArray();
        await _storage.SaveAsync("v/movie.bin", new MemoryStream(bytes));

        var read = await _storage.OpenReadWithInfoAsync("v/movie.bin");
        await using var stream = read.Content;
        stream.CanSeek.ShouldBeTrue();
        stream.Length.ShouldBe(bytes.Length);
        stream.Seek(900_000, SeekOrigin.Begin);
        var buffer = new byte[1000];
        await stream.ReadExactlyAsync(buffer);

        buffer.ShouldBe(bytes[900_000..901_000]);
    }

    [Fact]
    public async Task MoveAsync_DestinationTakenByAnotherWriter_FalseAndBothKept()
    {
        await _storage.SaveAsync("a.txt", Text("a"));
        await _storage.SaveAsync("b.txt", Text("b"));

        (await _storage.MoveAsync("a.txt", "b.txt")).ShouldBeFalse();

        (await ReadAsync(_storage, "a.txt")).ShouldBe("a");
        (await ReadAsync(_storage, "b.txt")).ShouldBe("b");
    }

    [Fact]
    public async Task MoveAsync_ToPngName_NewBlobCarriesItsOwnHeaders()
    {
        var options = server.Options();
        var storage = Create(options);
        await storage.SaveAsync("upload.bin", Text("x"));

        (await storage.MoveAsync("upload.bin", "avatars/a.png")).ShouldBeTrue();

        var properties = (await server.ContainerClient().GetBlobClient($"{options.Location}/avatars/a.png").GetPropertiesAsync()).Value;
        properties.ContentType.ShouldBe("image/png");
        (await storage.ExistsAsync("upload.bin")).ShouldBeFalse();
    }

    [Fact]
    public async Task SaveAsync_OverwriteFiles_ReplacesUnderTheSameName()
    {
        var options = server.Options();
        options.OverwriteFiles = true;
        var storage = Create(options);
        await storage.SaveAsync("a.txt", Text("first"));

        var saved = await storage.SaveAsync("a.txt", Text("second"));

        saved.ShouldBe("a.txt");
        (await ReadAsync(storage, "a.txt")).ShouldBe("second");
    }

    [Fact]
    public async Task ProbeAsync_ContainerMissing_NamesIt()
    {
        var options = server.Options();
        options.Container = "no-such-container";

        var e = await Should.ThrowAsync<StorageException>(() => Create(options).ProbeAsync());

        e.Message.ShouldStartWith("Container 'no-such-container' is not readable: ");
    }

    [Fact]
    public async Task ExistsAsync_ServerDown_ThrowsStorageExceptionNamingTheFile()
    {
        var options = server.Options();
        options.ConnectionString = options.ConnectionString.Replace($":{server.Port}/", $":{FreePort.Next()}/");

        var e = await Should.ThrowAsync<StorageException>(() => Create(options).ExistsAsync("a.txt"));

        e.Message.ShouldStartWith("Storage could not check 'a.txt': ");
    }

    private static async Task<string> ReadAsync(IFileStorage storage, string name)
    {
        await using var stream = await storage.OpenReadAsync(name);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <summary>A storage whose container client lets another writer create the blob just before this storage's
    /// first request that makes a blob exist (a Put Blob, or a Put Block List): the race across processes, made
    /// deterministic. Only the service's <c>If-None-Match: *</c> stands between the two.</summary>
    private AzureBlobStorage Racing(AzureBlobStorageOptions options)
    {
        var clientOptions = new Azure.Storage.Blobs.BlobClientOptions();
        clientOptions.AddPolicy(new RaceOnce(async blobName =>
            await server.ContainerClient().GetBlobClient(blobName).UploadAsync(BinaryData.FromString("theirs"), overwrite: true)), Azure.Core.HttpPipelinePosition.PerCall);
        var container = new Azure.Storage.Blobs.BlobServiceClient(server.ConnectionString, clientOptions).GetBlobContainerClient(server.Container);
        return new AzureBlobStorage(options, container);
    }

    private sealed class RaceOnce(Func<string, Task> race) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _raced;

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            var uri = message.Request.Uri.ToUri();
            var query = uri.Query;
            var creates = message.Request.Method == Azure.Core.RequestMethod.Put
                && (!query.Contains("comp=", StringComparison.Ordinal) || query.Contains("comp=blocklist", StringComparison.Ordinal));
            if (creates && Interlocked.Exchange(ref _raced, 1) == 0)
            {
                // /devstoreaccount1/media/{blob name}
                var blobName = Uri.UnescapeDataString(string.Join('/', uri.AbsolutePath.Split('/').Skip(3)));
                await race(blobName);
            }
            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();
    }
}
