using System.Collections.Concurrent;
using System.Net;
using BlazorMedia.Storage.S3;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Storage;

/// <summary>Create-only as Amazon S3 enforces it: s3rver ignores <c>If-None-Match</c> on PUT, so these tests run the
/// real SDK client against a scripted server that records the headers it receives and answers 412 like S3 does
/// when the key exists.</summary>
public sealed class S3ConditionalWriteTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Method, string Path, string? IfNoneMatch)> _requests = new();
    private readonly int _port = FreePort.Next();
    private int _putsToRefuse;

    public S3ConditionalWriteTests()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public void Dispose() => _listener.Close();

    private S3Storage Storage(bool fileOverwrite = false) => new(new S3StorageOptions
    {
        ServiceUrl = $"http://127.0.0.1:{_port}", ForcePathStyle = true, Bucket = "b",
        AccessKey = "k", SecretKey = "s", FileOverwrite = fileOverwrite,
    });

    [Fact]
    public async Task SaveAsync_CreateOnly_SendsIfNoneMatchStar()
    {
        using var storage = Storage();

        await storage.SaveAsync("a.txt", new MemoryStream("x"u8.ToArray()));

        _requests.Single(r => r.Method == "PUT").IfNoneMatch.ShouldBe("*");
    }

    [Fact]
    public async Task SaveAsync_ServerAnswers412_RetriesUnderANewName()
    {
        using var storage = Storage();
        _putsToRefuse = 1; // another process created 'a.txt' between our HEAD and our PUT

        var saved = await storage.SaveAsync("a.txt", new MemoryStream("x"u8.ToArray()));

        saved.ShouldMatch(@"^a_[a-zA-Z0-9]{7}\.txt$");
        _requests.Where(r => r.Method == "PUT").Select(r => r.Path).ShouldBe(["/b/a.txt", "/b/" + saved]);
    }

    [Fact]
    public async Task SaveAsync_FileOverwrite_SendsNoCondition()
    {
        using var storage = Storage(fileOverwrite: true);

        await storage.SaveAsync("a.txt", new MemoryStream("x"u8.ToArray()));

        _requests.Single(r => r.Method == "PUT").IfNoneMatch.ShouldBeNull();
        _requests.ShouldNotContain(r => r.Method == "HEAD", "overwriting needs no existence check");
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            var request = context.Request;
            _requests.Enqueue((request.HttpMethod, request.Url!.AbsolutePath, request.Headers["If-None-Match"]));
            await request.InputStream.CopyToAsync(Stream.Null);
            var response = context.Response;
            if (request.HttpMethod == "HEAD")
                response.StatusCode = 404;
            else if (request.HttpMethod == "PUT" && Interlocked.Decrement(ref _putsToRefuse) >= 0)
            {
                response.StatusCode = 412;
                response.ContentType = "application/xml";
                await response.OutputStream.WriteAsync("<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>"u8.ToArray());
            }
            else
                response.Headers["ETag"] = "\"0123456789abcdef0123456789abcdef\"";
            response.Close();
        }
    }
}
