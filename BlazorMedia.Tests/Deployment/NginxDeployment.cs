using System.Diagnostics;
using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Deployment;

/// <summary>The published app in Production behind nginx configured from deploy/, both on free loopback ports, over a
/// private media root with a secret planted beside it. Both processes are stopped by PID whatever the outcome.</summary>
public sealed class NginxDeployment : IAsyncLifetime
{
    public const string SecretText = "TOP-SECRET-BESIDE-THE-MEDIA-ROOT";
    public static readonly byte[] SigningKey = Enumerable.Range(7, 32).Select(i => (byte)i).ToArray();

    private readonly TempDirectory dir = new("bm-deploy");
    private readonly List<Process> processes = [];

    public string MediaRoot => dir.Combine("media");

    public string BaseUrl { get; private set; } = "";

    public string AppLog { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(MediaRoot);
        Directory.CreateDirectory(dir.Combine("data"));
        await File.WriteAllTextAsync(dir.Combine("secret.txt"), SecretText);

        // dotnet publish is the collectstatic step; --no-build reuses what the suite was built with.
        var publish = dir.Combine("publish");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var published = await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(TestPaths.AppProjectDir, "BlazorMedia.csproj"), "-c", configuration, "--no-build", "-o", publish, "--nologo"],
            timeout: TimeSpan.FromMinutes(3));
        if (published.ExitCode != 0) throw new InvalidOperationException($"publish failed:\n{published.Output}");

        var appPort = FreePort.Next();
        var settings = TestDatabase.Create(dir.Combine("data", "app.db")).Settings("__");
        var app = Start("dotnet", [Path.Combine(publish, "BlazorMedia.dll"), "--urls", $"http://127.0.0.1:{appPort}"], publish, new(settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["Media__Root"] = MediaRoot,
            ["Media__AccelRedirectLocation"] = "/_protected_media/",
            ["Media__SigningKey"] = Convert.ToBase64String(SigningKey),
            ["DataProtection__KeysPath"] = dir.Combine("data", "keys"),
        });

        var nginxPort = FreePort.Next();
        var prefix = dir.Combine("nginx");
        var rendered = await ProcessRunner.RunAsync(Path.Combine(TestPaths.RepoRoot, "deploy", "render-nginx-conf.sh"),
            [Path.Combine(prefix, "nginx.conf"), $"127.0.0.1:{nginxPort}", $"127.0.0.1:{appPort}", MediaRoot, Path.Combine(publish, "wwwroot"), prefix]);
        if (rendered.ExitCode != 0) throw new InvalidOperationException(rendered.Output);
        Start("/usr/sbin/nginx", ["-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", Path.Combine(prefix, "nginx.conf"), "-g", "daemon off;"], prefix, []);
        BaseUrl = $"http://127.0.0.1:{nginxPort}";

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (app.HasExited) throw new InvalidOperationException($"the app exited with {app.ExitCode}");
            try
            {
                if ((await http.GetAsync($"{BaseUrl}/healthz")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("app behind nginx did not become healthy");
            await Task.Delay(200);
        }
    }

    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(MediaRoot, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return name;
    }

    private Process Start(string file, string[] args, string workingDirectory, Dictionary<string, string?> env)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (processes) AppLog += e.Data + "\n"; };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (processes) AppLog += e.Data + "\n"; };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        processes.Add(p);
        return p;
    }

    public async Task DisposeAsync()
    {
        foreach (var p in processes)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
        }
        dir.Dispose();
    }
}
