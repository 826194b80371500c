using BlazorMedia.Tests.Infrastructure;

namespace BlazorMedia.Tests.Deployment;

/// <summary><c>dotnet publish</c> (the collectstatic step) once per test process, shared by every deployment fixture;
/// <c>--no-build</c> reuses what the suite was built with. Deleted when the test process exits.</summary>
internal static class PublishedApp
{
    private static readonly Lazy<Task<string>> Output = new(PublishAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<string> GetAsync() => Output.Value;

    private static async Task<string> PublishAsync()
    {
        var dir = new TempDirectory("bm-publish");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var published = await ProcessRunner.RunAsync("dotnet",
            ["publish", Path.Combine(TestPaths.AppProjectDir, "BlazorMedia.csproj"), "-c", configuration, "--no-build", "-o", dir.Path, "--nologo"],
            timeout: TimeSpan.FromMinutes(3));
        if (published.ExitCode != 0) throw new InvalidOperationException($"publish failed:\n{published.Output}");
        return dir.Path;
    }
}
