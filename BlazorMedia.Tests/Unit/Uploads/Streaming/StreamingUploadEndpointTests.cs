using System.Net;
using System.Net.Http.Json;
using BlazorMedia.Security;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Media;
using BlazorMedia.Uploads;
using BlazorMedia.Uploads.Streaming;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Uploads.Streaming;

/// <summary>The app on real Kestrel with a private spool folder and a 4 MiB document limit.</summary>
public class StreamingAppFactory : MediaAppFactory
{
    public const long MaxDocumentSize = 4 * 1024 * 1024;

    public StreamingAppFactory()
    {
        SpoolDir = Path.Combine(Root, "..", "spool");
        Directory.CreateDirectory(SpoolDir);
        UseKestrel(0);
    }

    public string SpoolDir { get; }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }

    public StreamedUploads Registry => Services.GetRequiredService<StreamedUploads>();

    public UploadFields Fields => Services.GetRequiredService<UploadFields>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Uploads:TempDir", SpoolDir);
        builder.UseSetting("Uploads:MaxDocumentSize", MaxDocumentSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary><c>POST /uploads/{ticket}</c> over real HTTP: the same verdicts and messages as InputFile's path, tickets
/// that open one POST only, and nothing left behind by a refusal or an aborted body.</summary>
public sealed class StreamingUploadEndpointTests(StreamingAppFactory app) : IClassFixture<StreamingAppFactory>
{
    /// <summary>The signed-in user the tickets are issued to and the POSTs carry the cookie of (one per test, so the
    /// per-user upload rate never trips here).</summary>
    private readonly string _userId = $"uploader-{Guid.NewGuid():N}";

    private HttpClient Client() => new() { BaseAddress = app.BaseAddress };

    private HttpRequestMessage Post(string ticket, HttpContent body, string fileName = "file.bin", bool signedIn = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/uploads/{Uri.EscapeDataString(ticket)}") { Content = body };
        request.Headers.Add(StreamingUploadEndpoint.FileNameHeader, Uri.EscapeDataString(fileName));
        if (signedIn) request.Headers.Add("Cookie", TestCookies.Identity(app.Services, _userId));
        return request;
    }

    private static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<StreamingUploadEndpoint.UploadResponse>())!.Error;

    /// <summary>What InputFile's path says about the same bytes, from the app's own UploadService.</summary>
    private async Task<string> InputFileVerdictAsync(string name, byte[] bytes, UploadField field)
    {
        using var scope = app.Services.CreateScope();
        var uploads = scope.ServiceProvider.GetRequiredService<UploadService>();
        var e = await Should.ThrowAsync<UploadRejectedException>(() => uploads.ReceiveAsync(new FakeBrowserFile(name, -1, bytes), field, new Caller(_userId, false)));
        return e.Message;
    }

    public static TheoryData<string, string, byte[]> BadFiles => new()
    {
        { "Report", "huge.pdf", TestPdfs.Opaque((int)StreamingAppFactory.MaxDocumentSize + 1) },
        { "Report", "setup.exe", [0x4D, 0x5A, 0x90, 0x00, .. new byte[5000]] },
        { "Report", "empty.pdf", [] },
        { "Avatar", "fake.png", TestImages.PngMagicThenHtml() },
        { "Avatar", "bomb.png", TestImages.PngHeader(100_000, 100_000) },
        { "Avatar", "data.jpg", TestImages.Text() },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Post_BadFile_SameMessageAsInputFileAndNothingLeft(string fieldName, string name, byte[] bytes)
    {
        var field = fieldName == "Avatar" ? app.Fields.Avatar : app.Fields.Report;
        var expected = await InputFileVerdictAsync(name, bytes, field);
        var issued = app.Registry.Issue("page-1", field, _userId);
        using var http = Client();

        using var response = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent(bytes), name));

        response.StatusCode.ShouldBe(HttpStatusCode.OK); // the verdict is the circuit's to claim, not a failed request
        (await ErrorAsync(response)).ShouldBe(expected);
        expected.ShouldStartWith(name + " ");
        Should.Throw<UploadRejectedException>(() => app.Registry.Claim(issued.UploadId, "page-1", name)).Message.ShouldBe(expected);
        Directory.GetFiles(app.SpoolDir).ShouldBeEmpty();
        Directory.GetFiles(app.Root, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_ValidLargeDocument_ClaimedWithTheSameBytes()
    {
        var bytes = TestPdfs.Opaque(3 * 1024 * 1024);
        var issued = app.Registry.Issue("page-1", app.Fields.Report, _userId);
        using var http = Client();

        using var response = await http.SendAsync(Post(issued.Ticket, new StreamContent(new MemoryStream(bytes)), "Q3 report.pdf"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ErrorAsync(response)).ShouldBeNull();
        await using var file = app.Registry.Claim(issued.UploadId, "page-1", "Q3 report.pdf");
        file.OriginalName.ShouldBe("Q3 report.pdf");
        file.Type.ContentType.ShouldBe("application/pdf");
        file.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    [Theory]
    [InlineData("../../invoice\u202Efdp.pdf", "invoicefdp.pdf")]
    [InlineData("C:\\Users\\ann\\Q3\r\nreport.pdf", "Q3 report.pdf")]
    public async Task Post_HostileName_KeptAndShownByTheDisplayNameRule(string sent, string kept)
    {
        var issued = app.Registry.Issue("page-1", app.Fields.Report, _userId);
        using var http = Client();

        using var response = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent(TestPdfs.Opaque(1000)), sent));

        (await ErrorAsync(response)).ShouldBeNull();
        await using var file = app.Registry.Claim(issued.UploadId, "page-1", kept);
        file.OriginalName.ShouldBe(kept);
    }

    [Fact]
    public async Task Post_SignedOut_RefusedByTheUploadServiceAndNothingLeft()
    {
        // A page of a signed-out visitor gets a ticket for nobody; the upload service still refuses the bytes.
        var issued = app.Registry.Issue("page-1", app.Fields.Report, null);
        using var http = Client();

        using var response = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent("%PDF-1.7\n"u8.ToArray()), "a.pdf", signedIn: false));

        (await ErrorAsync(response)).ShouldBe("a.pdf was not uploaded: sign in to upload files.");
        Directory.GetFiles(app.SpoolDir).ShouldBeEmpty();
        await app.Registry.ReleaseSessionAsync("page-1");
    }

    [Fact]
    public async Task Post_TicketOfAnotherUser_Refused()
    {
        var issued = app.Registry.Issue("page-1", app.Fields.Report, "someone-else");
        using var http = Client();

        using var response = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent("%PDF-1.7\n"u8.ToArray()), "a.pdf"));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        Directory.GetFiles(app.SpoolDir).ShouldBeEmpty();
        await app.Registry.ReleaseSessionAsync("page-1");
    }

    [Fact]
    public async Task Post_TicketUsedTwice_SecondRefusedWithConflict()
    {
        var issued = app.Registry.Issue("page-1", app.Fields.Report, _userId);
        using var http = Client();
        using var first = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent("%PDF-1.7\n"u8.ToArray()), "a.pdf"));
        first.StatusCode.ShouldBe(HttpStatusCode.OK);

        using var second = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent("%PDF-1.7\n"u8.ToArray()), "a.pdf"));

        second.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await ErrorAsync(second)).ShouldBe("This upload link has already been used. Choose the file again.");
        await app.Registry.ReleaseSessionAsync("page-1");
    }

    [Fact]
    public async Task Post_ReplayOfARefusedPost_SameRefusalNothingReadOrLeft()
    {
        // Chromium replays a POST once when the connection drops before it sees the answer, which is what an early
        // refusal of an over-limit body looks like from the browser.
        var bytes = TestPdfs.Opaque((int)StreamingAppFactory.MaxDocumentSize + 1);
        var issued = app.Registry.Issue("page-1", app.Fields.Report, _userId);
        using var http = Client();
        using var first = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent(bytes), "huge.pdf"));
        var refusal = await ErrorAsync(first);

        using var replay = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent(bytes), "huge.pdf"));

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ErrorAsync(replay)).ShouldBe(refusal);
        refusal.ShouldStartWith("huge.pdf is larger than");
        Should.Throw<UploadRejectedException>(() => app.Registry.Claim(issued.UploadId, "page-1", "huge.pdf")).Message.ShouldBe(refusal);
        Directory.GetFiles(app.SpoolDir).ShouldBeEmpty();
        Directory.GetFiles(app.Root, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_ForgedTicket_Refused()
    {
        using var http = Client();

        using var response = await http.SendAsync(Post("CfDJ8forged", new ByteArrayContent("%PDF-1.7\n"u8.ToArray())));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorAsync(response)).ShouldBe("This upload link is not valid or has expired. Choose the file again.");
        Directory.GetFiles(app.SpoolDir).ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_FromAnotherOrigin_RefusedAndTicketStillUnused()
    {
        var issued = app.Registry.Issue("page-1", app.Fields.Report, _userId);
        using var http = Client();
        var request = Post(issued.Ticket, new ByteArrayContent("%PDF-1.7\n"u8.ToArray()));
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorAsync(response)).ShouldBe("Uploads are accepted from this site's own pages only.");
        using var retry = await http.SendAsync(Post(issued.Ticket, new ByteArrayContent("%PDF-1.7\n"u8.ToArray())));
        retry.StatusCode.ShouldBe(HttpStatusCode.OK);
        await app.Registry.ReleaseSessionAsync("page-1");
    }

    [Fact]
    public async Task Post_BodyAbortedMidway_NoSpoolFileAndNothingToClaim()
    {
        var issued = app.Registry.Issue("page-1", app.Fields.Report, _userId);
        using var http = Client();
        var body = new AbortingContent(TestPdfs.Opaque(3 * 1024 * 1024), failAfter: 2 * 1024 * 1024);

        await Should.ThrowAsync<HttpRequestException>(() => http.SendAsync(Post(issued.Ticket, body, "cut.pdf")));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Registry.WhenSettledAsync(issued.UploadId, timeout.Token);

        Directory.GetFiles(app.SpoolDir).ShouldBeEmpty();
        Should.Throw<UploadRejectedException>(() => app.Registry.Claim(issued.UploadId, "page-1", "cut.pdf"));
    }

    /// <summary>A request body that sends part of its bytes and then fails, as a browser whose user pressed Cancel.</summary>
    private sealed class AbortingContent(byte[] bytes, int failAfter) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, failAfter));
            await stream.FlushAsync();
            throw new IOException("cancelled by the test");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
