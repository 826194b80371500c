using System.Net;
using System.Text.Json;
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

    [Fact]
    public async Task Get_WhenEnabled_ReportsManagedAndResidentBytes()
    {
        using var enabled = app.WithWebHostBuilder(b => b.UseSetting("Diagnostics:MemoryEndpoint", "true"));
        using var http = enabled.CreateClient();

        using var json = JsonDocument.Parse(await http.GetStringAsync("/_diagnostics/memory"));

        json.RootElement.GetProperty("managedBytes").GetInt64().ShouldBeGreaterThan(1_000_000);
        json.RootElement.GetProperty("rssBytes").GetInt64().ShouldBeGreaterThan(json.RootElement.GetProperty("managedBytes").GetInt64());
    }
}
