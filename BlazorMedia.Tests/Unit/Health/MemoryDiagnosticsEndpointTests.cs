using System.Net;
using System.Text.Json;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Media;

namespace BlazorMedia.Tests.Health;

/// <summary>The memory diagnostic bench/circuits.sh reads exists only when switched on.</summary>
public sealed class MemoryDiagnosticsEndpointTests(MediaAppFactory app) : IClassFixture<MediaAppFactory>
{
    [Fact]
    public async Task Get_ByDefault_NotMapped()
    {
        using var http = app.CreateClient();

        (await http.GetAsync("/_diagnostics/memory")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("user-1")]
    public async Task Get_WhenEnabledButNotAnAdministrator_RefusedWithoutCollecting(string? user)
    {
        using var enabled = app.WithWebHostBuilder(b => b.UseSetting("Diagnostics:MemoryEndpoint", "true"));
        using var http = enabled.CreateClient(new() { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_diagnostics/memory");
        if (user is not null) request.Headers.Add("Cookie", TestCookies.Identity(enabled.Services, user));

        using var response = await http.SendAsync(request);

        response.IsSuccessStatusCode.ShouldBeFalse();
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain(user is null ? "/account/login" : "/account/access-denied");
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("managedBytes");
    }

    [Fact]
    public async Task Get_WhenEnabled_ReportsManagedAndResidentBytesToAnAdministrator()
    {
        using var enabled = app.WithWebHostBuilder(b => b.UseSetting("Diagnostics:MemoryEndpoint", "true"));
        using var http = enabled.CreateClient();
        http.DefaultRequestHeaders.Add("Cookie", TestCookies.Identity(enabled.Services, "admin-1", administrator: true));

        using var json = JsonDocument.Parse(await http.GetStringAsync("/_diagnostics/memory"));

        json.RootElement.GetProperty("managedBytes").GetInt64().ShouldBeGreaterThan(1_000_000);
        json.RootElement.GetProperty("rssBytes").GetInt64().ShouldBeGreaterThan(json.RootElement.GetProperty("managedBytes").GetInt64());
    }
}
