using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Deployment;

/// <summary>Scale-out as deploy/ describes it: two published instances (A and B) on the same PostgreSQL database and
/// S3 bucket (s3rver), with the Data Protection key ring and the media signing key in that database, behind nginx
/// balancing them with <c>ip_hash</c>. Neither instance has a media folder, and nothing is configured per instance but
/// its address. Every process is stopped by PID.</summary>
public sealed class ScaleOutDeployment : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("bm-scaleout");
    private readonly ProcessGroup _processes = new();
    private readonly S3rverServer _s3 = new();
    // A server of its own, not the run's shared one: a test restarts it.
    private readonly PostgresServer _postgres = new();

    public const int UploadsPerMinute = 3;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Restarts the instances' PostgreSQL: every connection they hold (the change feed's LISTEN among them) drops.</summary>
    public Task RestartDatabaseAsync() => _postgres.RestartAsync();

    /// <summary>Instance A and B by their own addresses (host:port), as nginx's upstream names them.</summary>
    public IReadOnlyList<string> Instances { get; private set; } = [];

    public string AccessLog => File.Exists(_dir.Combine("nginx", "access.log")) ? File.ReadAllText(_dir.Combine("nginx", "access.log")) : "";

    public string Log => _processes.Log;

    public async Task InitializeAsync()
    {
        await _s3.InitializeAsync();
        await _postgres.InitializeAsync();
        var publish = await PublishedApp.GetAsync();
        // The same PostgreSQL in both passes: sharing one database is the point. Empty: A's start migrates it.
        var database = await _postgres.CreateTestDatabaseAsync();

        var settings = database.Settings("__");
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        settings["DataProtection__Store"] = "Database";
        // nginx listens on plain HTTP here; a real deployment terminates TLS and keeps the default (Always).
        settings["Accounts__CookieSecurePolicy"] = "SameAsRequest";
        // Low enough for a test to reach: the limit is shared by the instances (issue 22).
        settings["Uploads__PerUser__UploadsPerMinute"] = UploadsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // No Media:SigningKey: the instances agree on the generated one through the database (issue 22).
        settings["Storage__Backend"] = "S3";
        settings["Storage__S3__ServiceUrl"] = _s3.ServiceUrl;
        settings["Storage__S3__ForcePathStyle"] = "true";
        settings["Storage__S3__Bucket"] = _s3.Bucket;
        settings["Storage__S3__AccessKey"] = S3rverServer.AccessKey;
        settings["Storage__S3__SecretKey"] = S3rverServer.SecretKey;
        settings["Storage__S3__Location"] = "site";
        // Private media through the app's own signed URLs (not S3 presigned ones), so the signature is the instances'.
        settings["Storage__S3__QuerystringAuth"] = "false";

        // A first, then B: B's start must find the key ring A created in the database rather than race it.
        var instances = new List<string>();
        foreach (var name in new[] { "a", "b" })
        {
            var port = FreePort.Next();
            var contentRoot = _dir.Combine(name);
            CopyDirectory(publish, contentRoot); // each instance its own content root: nothing shared on disk
            var app = _processes.Start("dotnet", [Path.Combine(contentRoot, "BlazorMedia.dll"), "--urls", $"http://127.0.0.1:{port}"], contentRoot, settings);
            await _processes.WaitHealthyAsync($"http://127.0.0.1:{port}/healthz", app);
            instances.Add($"127.0.0.1:{port}");
        }
        Instances = instances;

        var nginxPort = FreePort.Next();
        var prefix = _dir.Combine("nginx");
        var rendered = await ProcessRunner.RunAsync(Path.Combine(TestPaths.RepoRoot, "deploy", "render-nginx-conf.sh"),
            [Path.Combine(prefix, "nginx.conf"), $"127.0.0.1:{nginxPort}", string.Join(',', instances), "-", Path.Combine(publish, "wwwroot"), prefix]);
        if (rendered.ExitCode != 0) throw new InvalidOperationException(rendered.Output);
        var nginx = _processes.Start("/usr/sbin/nginx", ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;"],
            prefix, new Dictionary<string, string?>());
        BaseUrl = $"http://127.0.0.1:{nginxPort}";
        await _processes.WaitHealthyAsync($"{BaseUrl}/healthz", nginx);
    }

    public async Task DisposeAsync()
    {
        await _processes.DisposeAsync();
        await _s3.DisposeAsync();
        await _postgres.DisposeAsync();
        _dir.Dispose();
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
