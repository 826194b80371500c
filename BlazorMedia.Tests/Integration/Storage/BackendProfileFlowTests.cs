using System.Net;
using BlazorMedia.Commands;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Imaging;
using BlazorMedia.Security;
using BlazorMedia.Storage;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Tests.Media;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Storage;

/// <summary>The profile flow through the real app (its Program, pages and media endpoint) on one backend chosen by
/// configuration alone: profiles created with an avatar and a report through the real upload path (the
/// <c>seed-demo</c> verb), the list's thumbnail URL served by the media endpoint from the backend, the report downloaded
/// through the link the profile page hands an administrator (signed in over HTTP), and a delete that removes every
/// stored file of the profile. HTTP-level: the pages' interactive parts are not driven; the test calls the services
/// they call (MediaLinks, ProfileService) and fetches their URLs.</summary>
public abstract class BackendProfileFlowTests : IDisposable
{
    private readonly TempDirectory _dir = new("bm-flow");
    private readonly FlowApp _app;

    protected BackendProfileFlowTests() => _app = new FlowApp(this, _dir);

    public void Dispose()
    {
        _app.Dispose();
        _dir.Dispose();
    }

    /// <summary><c>Storage:*</c> settings naming the backend, exactly what an operator would configure.</summary>
    protected abstract Dictionary<string, string> StorageSettings();

    /// <summary>The backend's storage type that configuration alone must have selected.</summary>
    protected abstract Type StorageType { get; }

    [Fact]
    public async Task ProfileFlow_CreateListThumbnailDownloadReportDelete_AllOnTheConfiguredBackend()
    {
        var storage = _app.Services.GetRequiredService<IFileStorage>();
        storage.ShouldBeOfType(StorageType);
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await HttpAccounts.SignInAsAdministratorAsync(client);

        // Create: avatars and reports through the upload service into the backend.
        await using (var scope = _app.Services.CreateAsyncScope())
            (await SeedDemoCommand.RunAsync(scope.ServiceProvider, [], new PlainVerbConsole("seed-demo", TextWriter.Null, TextWriter.Null),
                CancellationToken.None)).ExitCode.ShouldBe(0);
        var profile = await FirstProfileAsync();
        (await storage.ExistsAsync(profile.AvatarName!)).ShouldBeTrue();
        (await storage.ExistsAsync(profile.ReportName!)).ShouldBeTrue();

        // List: the list page's thumbnail URL (the grid renders once interactive, so it is asked of the MediaLinks the
        // page uses, which stores a missing thumbnail on the backend) answers with the WebP.
        string thumbnail, report;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var links = scope.ServiceProvider.GetRequiredService<BlazorMedia.Media.MediaLinks>();
            thumbnail = await links.ThumbnailUrlAsync(profile.AvatarName!, profile.AvatarSha256!, ThumbnailAlias.Small);
            // Download the report: the link the profile page hands an administrator (the app's signed URL, or the
            // backend's own SAS/presigned one).
            report = (await scope.ServiceProvider.GetRequiredService<ProfileService>().GetReportLinkAsync(profile.Id, Caller.Operator))!;
        }
        using (var response = await client.GetAsync(thumbnail))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("image/webp");
            (await response.Content.ReadAsByteArrayAsync())[8..12].ShouldBe("WEBP"u8.ToArray());
        }
        (await storage.ExistsAsync(ThumbnailNames.For(profile.AvatarSha256!, ThumbnailAlias.Small))).ShouldBeTrue();
        report.ShouldNotBeNull();
        var downloaded = await DownloadAsync(client, report);
        await using (var stored = await storage.OpenReadAsync(profile.ReportName!))
        {
            using var bytes = new MemoryStream();
            await stored.CopyToAsync(bytes);
            downloaded.ShouldBe(bytes.ToArray());
        }

        // Delete: the profile's files leave the backend once the row is gone (FileLifecycle, after the commit).
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var profiles = scope.ServiceProvider.GetRequiredService<ProfileService>();
            (await profiles.DeleteAsync(profile.Id, profile.Version, Caller.Operator)).Outcome.ShouldBe(SaveOutcome.Saved);
        }
        (await storage.ExistsAsync(profile.AvatarName!)).ShouldBeFalse();
        (await storage.ExistsAsync(profile.ReportName!)).ShouldBeFalse();
        (await client.GetAsync(thumbnail)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<ProfileDetails> FirstProfileAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<BlazorMedia.Data.MediaDbContext>>();
        await using var context = await db.CreateDbContextAsync();
        var id = await context.Profiles.Where(p => p.AvatarName != null && p.ReportName != null).OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        return (await scope.ServiceProvider.GetRequiredService<ProfileService>().GetAsync(id))!;
    }

    /// <summary>A link into the app goes through the signed-in client; a backend's own URL (SAS, presigned) is fetched
    /// like a browser would, without the app's cookies.</summary>
    private static async Task<byte[]> DownloadAsync(HttpClient app, string url)
    {
        // On Unix "/media/…" also parses as an absolute file: URI, so the test is on the leading '/'.
        if (url.StartsWith('/'))
        {
            using var response = await app.GetAsync(WebUtility.HtmlDecode(url));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
            return await response.Content.ReadAsByteArrayAsync();
        }
        using var http = new HttpClient();
        return await http.GetByteArrayAsync(url);
    }

    private sealed class FlowApp(BackendProfileFlowTests test, TempDirectory dir) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            Directory.CreateDirectory(dir.Combine("media"));
            Directory.CreateDirectory(dir.Combine("spool"));
            // Development: the account pages need the static-asset manifest the build writes for it.
            builder.UseEnvironment("Development");
            builder.UseSetting("Media:Root", dir.Combine("media"));
            builder.UseSetting("Uploads:TempDir", dir.Combine("spool"));
            builder.UseSetting("Media:SigningKey", Convert.ToBase64String(MediaAppFactory.SigningKey));
            foreach (var (key, value) in TestDatabase.Create(dir.Combine("test.db")).Settings(":"))
                builder.UseSetting(key, value);
            foreach (var (key, value) in test.StorageSettings())
                builder.UseSetting(key, value);
        }
    }
}

[Collection(StorageServersCollection.Name)]
public sealed class FileSystemProfileFlowTests : BackendProfileFlowTests
{
    protected override Type StorageType => typeof(BlazorMedia.Storage.FileSystem.FileSystemStorage);

    protected override Dictionary<string, string> StorageSettings() => new() { ["Storage:Backend"] = "FileSystem" };
}

[Collection(StorageServersCollection.Name)]
public sealed class S3ProfileFlowTests(S3rverServer server) : BackendProfileFlowTests
{
    protected override Type StorageType => typeof(BlazorMedia.Storage.S3.S3Storage);

    protected override Dictionary<string, string> StorageSettings() => new()
    {
        ["Storage:Backend"] = "S3",
        ["Storage:S3:ServiceUrl"] = server.ServiceUrl,
        ["Storage:S3:ForcePathStyle"] = "true",
        ["Storage:S3:Bucket"] = server.Bucket,
        ["Storage:S3:AccessKey"] = S3rverServer.AccessKey,
        ["Storage:S3:SecretKey"] = S3rverServer.SecretKey,
        ["Storage:S3:Location"] = $"flow-{Guid.NewGuid():N}",
    };
}

[Collection(StorageServersCollection.Name)]
public sealed class AzureBlobProfileFlowTests(AzuriteServer server) : BackendProfileFlowTests
{
    protected override Type StorageType => typeof(BlazorMedia.Storage.AzureBlob.AzureBlobStorage);

    protected override Dictionary<string, string> StorageSettings() => new()
    {
        ["Storage:Backend"] = "AzureBlob",
        ["Storage:AzureBlob:ConnectionString"] = server.ConnectionString,
        ["Storage:AzureBlob:Container"] = server.Container,
        ["Storage:AzureBlob:Location"] = $"flow-{Guid.NewGuid():N}",
    };
}

[Collection(StorageServersCollection.Name)]
public sealed class SftpProfileFlowTests(SshdServer server) : BackendProfileFlowTests
{
    private readonly BlazorMedia.Storage.Sftp.SftpStorageOptions _options = server.Options();

    protected override Type StorageType => typeof(BlazorMedia.Storage.Sftp.SftpStorage);

    protected override Dictionary<string, string> StorageSettings() => new()
    {
        ["Storage:Backend"] = "Sftp",
        ["Storage:Sftp:Host"] = _options.Host,
        ["Storage:Sftp:Port"] = _options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Storage:Sftp:Username"] = _options.Username,
        ["Storage:Sftp:PrivateKeyFile"] = _options.PrivateKeyFile,
        ["Storage:Sftp:HostKeyFingerprint"] = _options.HostKeyFingerprint,
        ["Storage:Sftp:RootPath"] = _options.RootPath,
    };
}
