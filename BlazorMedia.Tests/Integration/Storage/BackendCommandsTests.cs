using System.Net;
using System.Text.Json;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Imaging;
using BlazorMedia.Storage;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Storage;

/// <summary>The app binary on a remote backend chosen by configuration: <c>/healthz</c> checks that backend, the
/// maintenance verbs (<c>check</c>, <c>verify-checksums</c>, <c>cleanup-orphans</c>, <c>regenerate-thumbnails</c>) find
/// what was planted behind the app's back on it, and <c>migrate-storage</c> copies it to the file system and back.
/// Each backend's subclass gives its settings and a storage of its own on the same place, to plant problems with.
/// The verbs walk the storage with <c>ListAllFilesAsync</c>: on S3 and Azure one flat listing, so s3rver's habit of
/// leaving folders that hold only sub-folders out of delimited listings (see <c>S3StorageTests</c>) does not hide the
/// reports under <c>reports_save/yyyy/MM/</c>.</summary>
public abstract class BackendCommandsTests : IAsyncLifetime
{
    private AppProcess _app = null!;
    private IFileStorage _storage = null!;

    /// <summary>Environment settings (<c>Storage__…</c>) selecting the backend.</summary>
    protected abstract Dictionary<string, string?> Settings();

    /// <summary>A storage on exactly the place <see cref="Settings"/> names.</summary>
    protected abstract IFileStorage CreateStorage();

    /// <summary>The check's name in <c>/healthz</c>.</summary>
    protected abstract string HealthCheckName { get; }

    public async Task InitializeAsync()
    {
        _app = AppProcess.Create(Settings());
        _storage = CreateStorage();
        var seeded = await _app.RunVerbAsync("seed-demo");
        seeded.ExitCode.ShouldBe(0, seeded.Output);
    }

    public async Task DisposeAsync()
    {
        (_storage as IDisposable)?.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_Backend_HealthyUnderItsOwnCheck()
    {
        _app.Start();
        await _app.WaitHealthyAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{_app.BaseUrl}/healthz");
        var checks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        checks.GetProperty(HealthCheckName).GetProperty("status").GetString().ShouldBe("Healthy");
        checks.TryGetProperty("media-root", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task MaintenanceVerbs_ProblemsPlantedOnTheBackend_FoundAndRepaired()
    {
        var clean = await _app.RunVerbAsync("check");
        clean.ExitCode.ShouldBe(0, clean.Output);
        clean.Output.ShouldContain("check: 12 catalogued, 24 stored; 0 missing, 0 orphans, 0 bad checksums, 0 dangling references", Case.Sensitive, clean.Output);

        Profile first, second;
        await using (var db = _app.Database.CreateContext())
        {
            var profiles = await db.Profiles.AsNoTracking().OrderBy(p => p.Id).Take(2).ToListAsync();
            (first, second) = (profiles[0], profiles[1]);
        }
        await _storage.DeleteAsync(second.ReportName!);
        (await _storage.SaveAsync(second.ReportName!, new MemoryStream("tampered"u8.ToArray()))).ShouldBe(second.ReportName);
        (await _storage.SaveAsync("notes/stray.txt", new MemoryStream("stray"u8.ToArray()))).ShouldBe("notes/stray.txt");
        string thumbnail;
        await using (var db = _app.Database.CreateContext())
            thumbnail = ThumbnailNames.For((await db.StoredFiles.SingleAsync(f => f.Name == first.AvatarName)).Sha256, ThumbnailAlias.Medium);
        await _storage.DeleteAsync(thumbnail);

        var check = await _app.RunVerbAsync("check");
        check.ExitCode.ShouldBe(1, check.Output);
        check.Output.ShouldContain("orphan: notes/stray.txt (in storage, not in the catalog)", Case.Sensitive, check.Output);
        check.Output.ShouldContain($"bad checksum: {second.ReportName} (catalog row ", Case.Sensitive, check.Output);

        var verify = await _app.RunVerbAsync("verify-checksums");
        verify.ExitCode.ShouldBe(1, verify.Output);
        verify.Output.ShouldContain("verify-checksums: 12 verified, 1 bad checksums, 0 missing", Case.Sensitive, verify.Output);

        var cleanup = await _app.RunVerbAsync("cleanup-orphans");
        cleanup.ExitCode.ShouldBe(0, cleanup.Output);
        cleanup.Output.ShouldContain("cleanup-orphans: 1 deleted, 0 failed", Case.Sensitive, cleanup.Output);
        (await _storage.ExistsAsync("notes/stray.txt")).ShouldBeFalse();

        var regenerate = await _app.RunVerbAsync("regenerate-thumbnails");
        regenerate.ExitCode.ShouldBe(0, regenerate.Output);
        regenerate.Output.ShouldContain("regenerate-thumbnails: 6 images; 1 created, 11 already there, 0 failed", Case.Sensitive, regenerate.Output);
        (await _storage.ExistsAsync(thumbnail)).ShouldBeTrue();
    }

    [Fact]
    public async Task MigrateStorage_ToFileSystemAndBack_CopiesEverythingThenFindsItThere()
    {
        var backend = Settings()["Storage__Backend"]!;

        var out1 = await _app.RunVerbAsync("migrate-storage", "--from", backend, "--to", "FileSystem");
        var back = await _app.RunVerbAsync("migrate-storage", "--from", "FileSystem", "--to", backend);

        out1.ExitCode.ShouldBe(0, out1.Output);
        out1.Output.ShouldContain("migrate-storage: 24 copied, 0 already there, 0 conflicts, 0 errors", Case.Sensitive, out1.Output);
        Directory.GetFiles(_app.MediaRoot, "*", SearchOption.AllDirectories).Length.ShouldBe(24);
        back.ExitCode.ShouldBe(0, back.Output);
        back.Output.ShouldContain("migrate-storage: 0 copied, 24 already there, 0 conflicts, 0 errors", Case.Sensitive, back.Output);
    }
}

[Collection(StorageServersCollection.Name)]
public sealed class S3CommandsTests(S3rverServer server) : BackendCommandsTests
{
    private readonly BlazorMedia.Storage.S3.S3StorageOptions _options = server.Options();

    protected override string HealthCheckName => "s3-bucket";

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Storage__Backend"] = "S3",
        ["Storage__S3__ServiceUrl"] = server.ServiceUrl,
        ["Storage__S3__ForcePathStyle"] = "true",
        ["Storage__S3__Bucket"] = server.Bucket,
        ["Storage__S3__AccessKey"] = S3rverServer.AccessKey,
        ["Storage__S3__SecretKey"] = S3rverServer.SecretKey,
        ["Storage__S3__Location"] = _options.Location,
    };

    protected override IFileStorage CreateStorage() => new BlazorMedia.Storage.S3.S3Storage(_options);
}

[Collection(StorageServersCollection.Name)]
public sealed class AzureBlobCommandsTests(AzuriteServer server) : BackendCommandsTests
{
    private readonly BlazorMedia.Storage.AzureBlob.AzureBlobStorageOptions _options = server.Options();

    protected override string HealthCheckName => "azure-container";

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Storage__Backend"] = "AzureBlob",
        ["Storage__AzureBlob__ConnectionString"] = server.ConnectionString,
        ["Storage__AzureBlob__Container"] = server.Container,
        ["Storage__AzureBlob__Location"] = _options.Location,
    };

    protected override IFileStorage CreateStorage() => new BlazorMedia.Storage.AzureBlob.AzureBlobStorage(_options);
}

[Collection(StorageServersCollection.Name)]
public sealed class SftpCommandsTests(SshdServer server) : BackendCommandsTests
{
    private readonly BlazorMedia.Storage.Sftp.SftpStorageOptions _options = server.Options();

    protected override string HealthCheckName => "sftp-server";

    protected override Dictionary<string, string?> Settings() => new()
    {
        ["Storage__Backend"] = "Sftp",
        ["Storage__Sftp__Host"] = _options.Host,
        ["Storage__Sftp__Port"] = _options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Storage__Sftp__Username"] = _options.Username,
        ["Storage__Sftp__PrivateKeyFile"] = _options.PrivateKeyFile,
        ["Storage__Sftp__HostKeyFingerprint"] = _options.HostKeyFingerprint,
        ["Storage__Sftp__RootPath"] = _options.RootPath,
    };

    protected override IFileStorage CreateStorage() => new BlazorMedia.Storage.Sftp.SftpStorage(_options);

    [Fact]
    public async Task Healthz_HostKeyNotThePinnedOne_UnhealthyNamingBothFingerprints()
    {
        const string pinned = "SHA256:ohD8VZEXGWo6Ez8GSEJQ9WpafgLFsOfLOtGGQCQo6Og";
        var settings = Settings();
        settings["Storage__Sftp__HostKeyFingerprint"] = pinned;
        await using var app = AppProcess.Create(settings);
        app.Start();
        await app.WaitHealthyAsync(anyStatus: true);
        using var http = new HttpClient();

        using var response = await http.GetAsync($"{app.BaseUrl}/healthz");
        var check = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("sftp-server");

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        check.GetProperty("description").GetString()!.ShouldStartWith(
            $"SFTP server 127.0.0.1:{server.Port} presented host key {server.HostKeyFingerprint}, not the {pinned} that Storage:Sftp:HostKeyFingerprint pins");
    }
}
