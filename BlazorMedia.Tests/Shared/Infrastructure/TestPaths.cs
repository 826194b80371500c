namespace BlazorMedia.Tests.Infrastructure;

/// <summary>Locations in the repository the tests run from.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string AppProjectDir => Path.Combine(RepoRoot, "BlazorMedia");

    /// <summary>The app's own build output for the configuration the tests were built in (Debug/Release).</summary>
    public static string AppDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Config>/net10.0/
            return Path.Combine(AppProjectDir, "bin", configuration, "net10.0", "BlazorMedia.dll");
        }
    }

    public static string ArtifactsDir
    {
        get
        {
            var dir = Path.Combine(RepoRoot, "artifacts", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BlazorMedia.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"BlazorMedia.sln not found above {AppContext.BaseDirectory}");
    }
}
