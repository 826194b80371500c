using System.Net;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Security;
using BlazorMedia.Tests.Media;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Features.Profiles;

/// <summary>The profile pages as HTTP answers (the in-process app): a missing profile is a 404, and the list's first
/// paint already holds the newest profiles (it used to show an empty table for seconds until the circuit loaded them).</summary>
public sealed class ProfilePagesHttpTests(MediaAppFactory app) : IClassFixture<MediaAppFactory>
{
    private HttpClient Client() =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    private async Task<int> SaveAsync(string name)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ProfileService>().SaveAsync(new ProfileEdit { Name = name }, Caller.Operator)).Id;
    }

    [Theory]
    [InlineData("/profiles/999999")]
    [InlineData("/profiles/999999/edit")]
    public async Task MissingProfile_Answers404WithItsOwnMessage(string path)
    {
        using var client = Client();
        if (path.EndsWith("/edit", StringComparison.Ordinal))
            client.DefaultRequestHeaders.Add("Cookie", BlazorMedia.Tests.Infrastructure.TestCookies.Identity(app.Services, "admin-404", administrator: true));

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("There is no profile with this number. It may have been deleted.");
    }

    [Fact]
    public async Task List_FirstPaint_HoldsTheNewestProfilesFirst()
    {
        await SaveAsync("Aaron Older");
        await SaveAsync("Zoe Newer");

        using var response = await Client().GetAsync("/profiles");

        var html = await response.Content.ReadAsStringAsync();
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        var names = document.QuerySelectorAll("a.profile-link").Select(a => a.TextContent.Trim()).ToList();
        names.ShouldContain("Zoe Newer");
        names.IndexOf("Zoe Newer").ShouldBeLessThan(names.IndexOf("Aaron Older"), "newest first: seeded rows do not bury new ones");
    }
}
