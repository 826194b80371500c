using System.Diagnostics;
using BlazorMedia.Tests.Infrastructure;
using Microsoft.Playwright;

/// <summary>bench/uploads.sh's Django peer: Django 3.2 (Debian's python3-django) under gunicorn with 2 sync workers,
/// serving bench/django_uploads/benchsite.py (a FileField form whose save stores the file), on a free loopback port,
/// with its MEDIA_ROOT and FILE_UPLOAD_TEMP_DIR in the folder it is started in, on the same disk as the app's media.</summary>
internal sealed class DjangoPeer(Process gunicorn, string baseUrl) : IAsyncDisposable
{
    public static async Task<DjangoPeer> StartAsync(string dir)
    {
        var media = Path.Combine(dir, "media");
        var temp = Path.Combine(dir, "upload-temp");
        Directory.CreateDirectory(media);
        Directory.CreateDirectory(temp);
        var port = FreePort.Next();
        var start = new ProcessStartInfo("gunicorn")
        {
            ArgumentList = { "--chdir", Path.Combine(TestPaths.RepoRoot, "bench", "django_uploads"), "--workers", "2",
                             "--bind", $"127.0.0.1:{port}", "--timeout", "900", "--log-level", "warning", "benchsite:application" },
            Environment = { ["MEDIA_ROOT"] = media, ["FILE_UPLOAD_TEMP_DIR"] = temp },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("gunicorn did not start");
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) BenchBrowser.Trace($"gunicorn: {e.Data}"); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) BenchBrowser.Trace($"gunicorn: {e.Data}"); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var peer = new DjangoPeer(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var waited = Stopwatch.StartNew(); ; await Task.Delay(100)) // a port to poll: no event to wait for
        {
            if (process.HasExited) throw new InvalidOperationException($"gunicorn exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync($"{peer.BaseUrl}/upload/")).IsSuccessStatusCode) return peer;
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(60)) { }
        }
    }

    public string BaseUrl { get; } = baseUrl;

    /// <summary>One upload as a Django user makes it: the form page, the file chosen, Save, the saved page. Returns
    /// seconds from choosing the file to the saved page; the stored file is deleted afterwards (untimed).</summary>
    public async Task<double> UploadAsync(BenchBrowser browser, HttpClient http, string path)
    {
        var context = await browser.Browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{BaseUrl}/upload/");
            var clock = Stopwatch.StartNew();
            await page.GetByLabel("Report file").SetInputFilesAsync(path, new() { Timeout = 0 });
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            var saved = page.Locator("#saved");
            await saved.WaitForAsync(new() { Timeout = 15 * 60 * 1000 });
            var seconds = clock.Elapsed.TotalSeconds;
            var name = await saved.InnerTextAsync();
            (await http.GetAsync($"{BaseUrl}/delete/{name}")).EnsureSuccessStatusCode();
            return seconds;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!gunicorn.HasExited)
        {
            gunicorn.Kill(entireProcessTree: true);
            await gunicorn.WaitForExitAsync();
        }
        gunicorn.Dispose();
    }
}

/// <summary>The physical reference: <c>dd if=/dev/zero bs=1M count=N conv=fdatasync</c> into a folder on the disk under
/// test; seconds including the final fdatasync.</summary>
internal static class DdReference
{
    public static async Task<double> WriteAsync(string folder, int mib)
    {
        var target = Path.Combine(folder, "dd-reference.bin");
        var start = new ProcessStartInfo("dd")
        {
            ArgumentList = { "if=/dev/zero", $"of={target}", "bs=1M", $"count={mib}", "conv=fdatasync" },
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        using var dd = Process.Start(start) ?? throw new InvalidOperationException("dd did not start");
        var output = await dd.StandardError.ReadToEndAsync();
        await dd.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        File.Delete(target);
        if (dd.ExitCode != 0) throw new InvalidOperationException($"dd failed: {output}");
        return seconds;
    }
}
