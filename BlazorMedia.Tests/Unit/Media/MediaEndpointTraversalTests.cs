using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Media;

/// <summary>The app on real Kestrel, so hostile request targets arrive byte for byte as a client sent them.</summary>
public sealed class KestrelMediaAppFactory : MediaAppFactory
{
    public KestrelMediaAppFactory() => UseKestrel(0);

    public int Port
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address).Port;
        }
    }
}

public sealed class MediaEndpointTraversalTests(KestrelMediaAppFactory app) : IClassFixture<KestrelMediaAppFactory>
{
    /// <summary>Sends <paramref name="target"/> unmodified (HttpClient would normalise it) and returns status and body.</summary>
    private async Task<(int Status, string Body)> RawGetAsync(string target)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, app.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync();
        return (int.Parse(response.AsSpan(9, 3)), response);
    }

    [Theory]
    [InlineData("/media/../secret.txt")]
    [InlineData("/media/%2e%2e/secret.txt")]
    [InlineData("/media/%2E%2E/media-evil/secret.txt")]
    [InlineData("/media/avatars/%2e%2e/%2e%2e/secret.txt")]
    [InlineData("/media/%252e%252e/secret.txt")]
    [InlineData("/media/%252e%252e%252fsecret.txt")]
    [InlineData("/media/..%2fsecret.txt")]
    [InlineData("/media/..%2f..%2fmedia-evil%2fsecret.txt")]
    [InlineData("/media/..%5csecret.txt")]
    [InlineData("/media/..\\secret.txt")]
    [InlineData("/media/%5c..%5csecret.txt")]
    [InlineData("/media//etc/passwd")]
    [InlineData("/media/%2fetc%2fpasswd")]
    [InlineData("/media/./avatars/../../secret.txt")]
    [InlineData("/media/avatars/%00.png")]
    [InlineData("/media/secret.txt%00.png")]
    [InlineData("/media/C:%5cWindows%5cwin.ini")]
    public async Task Get_TraversalTarget_RefusedWithoutReadingOutsideRoot(string target)
    {
        var (status, body) = await RawGetAsync(target);
        // Kestrel itself answers 400 to a few malformed targets (decoded NUL) before the app runs; both are refusals.
        status.ShouldBeOneOf(404, 400);
        body.ShouldNotContain(MediaAppFactory.SecretText);
        app.Storage.RequestedNames.ShouldAllBe(n => !n.Contains("..") && !n.Contains('\\') && !n.StartsWith('/'));
    }

    [Fact]
    public async Task Get_PlainTarget_OkOverKestrel()
    {
        app.Write("avatars/ok.png", "fine"u8.ToArray());
        var (status, body) = await RawGetAsync("/media/avatars/ok.png");
        status.ShouldBe(200);
        body.ShouldEndWith("fine");
    }
}

/// <summary>Hostile names injected straight into the request path, as a proxy or server that does not normalise
/// dot segments would pass them: the endpoint's own rules must refuse them before storage is asked.</summary>
public sealed class MediaEndpointRawPathTests(MediaAppFactory app) : IClassFixture<MediaAppFactory>
{
    [Theory]
    [InlineData("/media/../secret.txt")]
    [InlineData("/media/../media-evil/secret.txt")]
    [InlineData("/media/avatars/../../secret.txt")]
    [InlineData("/media/./secret.txt")]
    [InlineData("/media/%2e%2e/secret.txt")]
    [InlineData("/media/%2E%2E%2Fsecret.txt")]
    [InlineData("/media/..\\secret.txt")]
    [InlineData("/media//secret.txt")]
    [InlineData("/media/avatars//x.png")]
    [InlineData("/media/avatars/x\0.png")]
    [InlineData("/media/avatars/x\n.png")]
    [InlineData("/media/C:/secret.txt")]
    public async Task Get_HostilePath_NotFoundAndStorageNeverAsked(string path)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = new PathString(path);
        });
        context.Response.StatusCode.ShouldBe(StatusCodes.Status404NotFound);
        new StreamReader(context.Response.Body).ReadToEnd().ShouldNotContain(MediaAppFactory.SecretText);
        app.Storage.RequestedNames.ShouldBeEmpty();
    }
}
