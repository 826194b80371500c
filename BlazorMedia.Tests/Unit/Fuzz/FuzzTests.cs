using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using BlazorMedia.Media;
using BlazorMedia.Storage;
using BlazorMedia.Tests.Imaging;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Uploads.Streaming;
using BlazorMedia.Uploads;
using BlazorMedia.Uploads.Streaming;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace BlazorMedia.Tests.Fuzz;

/// <summary>The streaming app with per-user limits off (thousands of uploads a minute) and every log entry of level
/// Error or above kept, so a fuzz test can say none was written.</summary>
public sealed class FuzzAppFactory : StreamingAppFactory
{
    public ConcurrentQueue<string> Errors { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Uploads:PerUser:UploadsPerMinute", "0");
        builder.UseSetting("Uploads:PerUser:BytesPerDay", "0");
        builder.UseSetting("Uploads:PerUser:StorageQuota", "0");
        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(new ErrorCollector(Errors)));
    }

    private sealed class ErrorCollector(ConcurrentQueue<string> errors) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) errors.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
        }

        public void Dispose() { }
    }
}

/// <summary>The fuzz lane (trait <c>Lane=Fuzz</c>, run with the unit lane): thousands of generated hostile inputs per
/// run against the upload path (names, bytes, headers) and the media endpoint (paths, signed-link query strings, ranges,
/// validators), each test bounded in time (<see cref="FuzzInput.Budget"/>). Whatever the input: no 500, no error in the
/// log, and nothing left behind (no spool file, no stored file, no upload waiting). The seed is printed; set
/// <c>BLAZORMEDIA_FUZZ_SEED</c> to replay a run.</summary>
[Trait("Lane", "Fuzz")]
public sealed class FuzzTests(FuzzAppFactory app, ITestOutputHelper output) : IClassFixture<FuzzAppFactory>
{
    /// <summary>Fewest inputs a run must try for its verdict to count, however slow the machine.</summary>
    private const int MinimumInputs = 1000;

    private static readonly byte[][] Starts =
    [
        TestImages.Png(8, 8), TestImages.Jpeg(8, 8), TestImages.Gif(8, 8), TestImages.Webp(8, 8),
        TestImages.PngHeader(100_000, 100_000), TestImages.GifWithFrames(50), "%PDF-1.7\n"u8.ToArray(),
        [0x4D, 0x5A, 0x90, 0x00], "<svg onload=alert(1)>"u8.ToArray(), "<!DOCTYPE html><script>"u8.ToArray(),
        [0x50, 0x4B, 0x03, 0x04], [0x49, 0x49, 0x2A, 0x00], [],
    ];

    [Fact]
    public void DisplayName_AnyInput_SafeStableAndShort()
    {
        var input = FuzzInput.Create();
        var count = Run(input, () =>
        {
            var sent = input.Text(80);
            var name = DisplayName.Clean(sent);

            name.Length.ShouldBeInRange(1, DisplayName.MaxLength, Replay(input, sent));
            name.IndexOfAny(['/', '\\']).ShouldBe(-1, Replay(input, sent));
            name.ShouldNotContain(c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format, Replay(input, sent));
            name.IsNormalized(NormalizationForm.FormC).ShouldBeTrue(Replay(input, sent));
            DisplayName.Clean(name).ShouldBe(name, Replay(input, sent));
        }, TimeSpan.FromSeconds(2));
        count.ShouldBeGreaterThanOrEqualTo(MinimumInputs);
    }

    [Fact]
    public async Task StreamingUpload_AnyNameAndBytes_NoServerErrorAndNothingLeft()
    {
        var input = FuzzInput.Create();
        var userId = $"fuzz-{Guid.NewGuid():N}";
        var cookie = TestCookies.Identity(app.Services, userId);
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var count = await RunAsync(input, async () =>
        {
            var field = input.Chance(0.5) ? app.Fields.Avatar : app.Fields.Report;
            var sent = input.Text(40);
            var header = input.Chance(0.8) ? Uri.EscapeDataString(sent) : Ascii(input.Text(20));
            var body = input.Bytes(input.Chance(0.9) ? 4096 : 200_000, Starts);
            var issued = app.Registry.Issue("fuzz", field, userId);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/uploads/{Uri.EscapeDataString(issued.Ticket)}")
            {
                Content = new ByteArrayContent(body),
            };
            request.Headers.TryAddWithoutValidation(StreamingUploadEndpoint.FileNameHeader, header);
            request.Headers.Add("Cookie", cookie);
            if (input.Chance(0.2)) request.Content.Headers.TryAddWithoutValidation("Content-Type", Ascii(input.Text(10)));

            using var response = await http.SendAsync(request);

            var what = Replay(input, $"{header} ({body.Length} bytes)");
            var shown = DisplayName.Clean(Uri.UnescapeDataString(header)); // what the endpoint keeps and shows
            response.StatusCode.ShouldBe(HttpStatusCode.OK, what);
            var error = (await response.Content.ReadFromJsonAsync<StreamingUploadEndpoint.UploadResponse>())!.Error;
            if (error is null)
            {
                await using var file = app.Registry.Claim(issued.UploadId, "fuzz", "x");
                file.OriginalName.ShouldBe(shown, what);
            }
            else
            {
                error.ShouldStartWith(shown + " ", Case.Sensitive, what); // every refusal names the file as shown
                Should.Throw<UploadRejectedException>(() => app.Registry.Claim(issued.UploadId, "fuzz", "x"));
            }
        });

        await app.Registry.ReleaseSessionAsync("fuzz");
        count.ShouldBeGreaterThanOrEqualTo(MinimumInputs);
        app.Registry.Count.ShouldBe(0);
        Directory.GetFiles(app.SpoolDir).ShouldBeEmpty();
        Directory.GetFiles(app.Root, "*", SearchOption.AllDirectories).ShouldBeEmpty();
        app.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task MediaEndpoint_AnyPathQueryAndHeaders_NoServerError()
    {
        var input = FuzzInput.Create();
        app.Write("avatars/a.png", TestImages.Png(8, 8));
        app.Write("reports_save/2026/11/q3.pdf", "%PDF-1.7\n"u8.ToArray());
        var signer = app.Services.GetRequiredService<MediaUrlSigner>();
        var cookie = TestCookies.Identity(app.Services, "owner-1");
        string[] names = ["avatars/a.png", "reports_save/2026/11/q3.pdf", "avatars/missing.png", "_thumbs/x.webp", ""];
        using var http = new HttpClient { BaseAddress = app.BaseAddress };

        var count = await RunAsync(input, async () =>
        {
            // Dot segments are resolved by the client: an input that leaves /media/ is another page's, not this test's.
            string url;
            do url = Url(input, signer, input.Pick(names));
            while (!new Uri(app.BaseAddress, url).AbsolutePath.StartsWith("/media/", StringComparison.Ordinal));
            using var request = new HttpRequestMessage(input.Chance(0.9) ? HttpMethod.Get : HttpMethod.Head, url);
            if (input.Chance(0.5)) request.Headers.TryAddWithoutValidation("Range", Ascii(Range(input)));
            if (input.Chance(0.2)) request.Headers.TryAddWithoutValidation("If-None-Match", Ascii(input.Text(6)));
            if (input.Chance(0.2)) request.Headers.TryAddWithoutValidation("If-Modified-Since", input.Chance(0.5) ? "Sun, 22 Nov 2026 10:00:00 GMT" : Ascii(input.Text(6)));
            if (input.Chance(0.2)) request.Headers.TryAddWithoutValidation("If-Range", Ascii(input.Text(6)));
            if (input.Chance(0.5)) request.Headers.Add("Cookie", cookie);

            using var response = await http.SendAsync(request);

            ((int)response.StatusCode).ShouldBeLessThan(500, Replay(input, $"{request.Method} {url} Range: {request.Headers.Range}"));
        });

        count.ShouldBeGreaterThanOrEqualTo(MinimumInputs);
        app.Errors.ShouldBeEmpty();
        File.Exists(Path.Combine(Path.GetDirectoryName(app.Root)!, "secret.txt")).ShouldBeTrue(); // nothing deleted outside
    }

    /// <summary>A media URL: a real name or generated segments, and a query that is absent, a real signed link with a
    /// part changed, or generated parameters.</summary>
    private static string Url(FuzzInput input, MediaUrlSigner signer, string name)
    {
        var path = input.Chance(0.5) ? name : string.Join('/', Enumerable.Range(0, input.Random.Next(1, 5)).Select(_ => input.Text(6)));
        var escaped = input.Chance(0.7) ? string.Join('/', path.Split('/').Select(Uri.EscapeDataString)) : Ascii(path);
        var query = input.Random.Next(4) switch
        {
            0 => "",
            1 => Mutate(input, QueryOf(signer.GetSignedUrl(name.Length == 0 ? "reports_save/2026/11/q3.pdf" : name, TimeSpan.FromMinutes(5), "owner-1"))),
            2 => $"?expires={Uri.EscapeDataString(input.Number())}&user={Uri.EscapeDataString(input.Text(4))}&signature={Ascii(input.Text(12))}",
            _ => "?" + Ascii(input.Text(20)),
        };
        return "/media/" + escaped + query;
    }

    private static string QueryOf(string url) => url[url.IndexOf('?', StringComparison.Ordinal)..];

    private static string Mutate(FuzzInput input, string url)
    {
        var chars = url.ToCharArray();
        var i = input.Random.Next(chars.Length);
        chars[i] = input.Pick("+/*=%&?#-_.0aZ~ ".ToCharArray());
        return new string(chars);
    }

    private static string Range(FuzzInput input) => input.Random.Next(6) switch
    {
        0 => $"bytes={input.Number()}-{input.Number()}",
        1 => $"bytes=-{input.Number()}",
        2 => $"bytes={input.Number()}-",
        3 => $"bytes=0-1,{input.Number()}-{input.Number()},-5",
        4 => $"{Ascii(input.Text(5))}={input.Number()}-{input.Number()}",
        _ => Ascii(input.Text(12)),
    };

    /// <summary>What may travel in a request line or header: printable ASCII as is, everything else percent-encoded
    /// (HttpClient refuses control characters outright; the server never sees them raw from a browser either).</summary>
    private static string Ascii(string text)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
            result.Append(b is > 0x20 and < 0x7F and not (byte)'#' ? ((char)b).ToString() : $"%{b:X2}");
        return result.ToString();
    }

    private static string Replay(FuzzInput input, string what) => $"seed {input.Seed} (BLAZORMEDIA_FUZZ_SEED), input: {what}";

    private int Run(FuzzInput input, Action test, TimeSpan budget) =>
        RunAsync(input, () => { test(); return Task.CompletedTask; }, budget).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="test"/> on new input until the budget is spent (and at least
    /// <see cref="MinimumInputs"/> times), and prints how many inputs it tried.</summary>
    private async Task<int> RunAsync(FuzzInput input, Func<Task> test, TimeSpan? budget = null)
    {
        var clock = Stopwatch.StartNew();
        var count = 0;
        while (clock.Elapsed < (budget ?? FuzzInput.Budget) || count < MinimumInputs)
        {
            await test();
            count++;
        }
        output.WriteLine($"seed {input.Seed}: {count} inputs in {clock.Elapsed.TotalSeconds:0.0} s");
        return count;
    }
}
