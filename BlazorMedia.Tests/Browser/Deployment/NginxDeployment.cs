using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Deployment;

/// <summary>The published app in Production behind nginx configured from deploy/, both on free loopback ports, over a
/// private media root with a secret planted beside it. Both processes are stopped by PID whatever the outcome.</summary>
public sealed class NginxDeployment : IAsyncLifetime
{
    public const string SecretText = "TOP-SECRET-BESIDE-THE-MEDIA-ROOT";
    public static readonly byte[] SigningKey = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    private readonly TempDirectory _dir = new("bm-deploy");
    private readonly ProcessGroup _processes = new();

    public string MediaRoot => _dir.Combine("media");

    public string BaseUrl { get; private set; } = "";

    public string AppLog => _processes.Log;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(MediaRoot);
        Directory.CreateDirectory(_dir.Combine("data"));
        await File.WriteAllTextAsync(_dir.Combine("secret.txt"), SecretText);
        var publish = await PublishedApp.GetAsync();

        var appPort = FreePort.Next();
        var settings = TestDatabase.Create(_dir.Combine("data", "app.db")).Settings("__");
        settings["ASPNETCORE_ENVIRONMENT"] = "Production";
        settings["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        // nginx listens on plain HTTP here; a real deployment terminates TLS and keeps the default (Always).
        settings["Accounts__CookieSecurePolicy"] = "SameAsRequest";
        settings["Media__Root"] = MediaRoot;
        settings["Media__AccelRedirectLocation"] = "/_protected_media/";
        settings["Media__SigningKey"] = Convert.ToBase64String(SigningKey);
        settings["DataProtection__KeysPath"] = _dir.Combine("data", "keys");
        var app = _processes.Start("dotnet", [Path.Combine(publish, "BlazorMedia.dll"), "--urls", $"http://127.0.0.1:{appPort}"], publish, settings);

        var nginxPort = FreePort.Next();
        var prefix = _dir.Combine("nginx");
        var rendered = await ProcessRunner.RunAsync(Path.Combine(TestPaths.RepoRoot, "deploy", "render-nginx-conf.sh"),
            [Path.Combine(prefix, "nginx.conf"), $"127.0.0.1:{nginxPort}", $"127.0.0.1:{appPort}", MediaRoot, Path.Combine(publish, "wwwroot"), prefix]);
        if (rendered.ExitCode != 0) throw new InvalidOperationException(rendered.Output);
        _processes.Start("/usr/sbin/nginx", ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;"], prefix,
            new Dictionary<string, string?>());
        BaseUrl = $"http://127.0.0.1:{nginxPort}";
        await _processes.WaitHealthyAsync($"{BaseUrl}/healthz", app);
    }

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(MediaRoot, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return name;
    }

    public async Task DisposeAsync()
    {
        await _processes.DisposeAsync();
        _dir.Dispose();
    }
}
