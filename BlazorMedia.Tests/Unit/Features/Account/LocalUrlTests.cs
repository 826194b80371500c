using BlazorMedia.Features.Account;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Features.Account;

/// <summary>Return URLs: this site's paths only, and never one that <c>LocalRedirect</c> would refuse (it throws, and the
/// user got a 500).</summary>
public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/files?folder=a", "/files?folder=a")]
    [InlineData("/profiles/3/edit", "/profiles/3/edit")]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("evil.example", "/")]
    // Browsers drop tabs and newlines: these are //evil.example to them, and LocalRedirect refuses them.
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/\n/evil.example", "/")]
    [InlineData("/\r\n/evil.example", "/")]
    [InlineData("/files\u0000", "/")]
    [InlineData("/files\u007f", "/")]
    [InlineData("/files\u0085", "/")]
    public void OrHome_ReturnsTheUrlOnlyWhenItIsThisSitesPath(string? url, string expected) =>
        LocalUrl.OrHome(url).ShouldBe(expected);

    [Theory]
    [InlineData("/")]
    [InlineData("/files?folder=a")]
    [InlineData("/\t/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/a\u0001b")]
    public async Task OrHome_AnyInput_LocalRedirectAcceptsTheResult(string url)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };

        await TypedResults.LocalRedirect(LocalUrl.OrHome(url)).ExecuteAsync(http);

        http.Response.StatusCode.ShouldBe(StatusCodes.Status302Found);
    }
}
