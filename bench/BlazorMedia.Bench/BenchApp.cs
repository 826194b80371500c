using BlazorMedia;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

/// <summary>The real app's services (Production settings, SQLite and media root in a temp folder, migrations applied)
/// without its web server, for benchmarks that call services directly. Dispose deletes the folder.</summary>
internal sealed class BenchApp : IAsyncDisposable
{
    private BenchApp(string dir, WebApplication app)
    {
        Dir = dir;
        App = app;
    }

    public string Dir { get; }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BenchApp> StartAsync(string name, IDictionary<string, string?>? settings = null)
    {
        var dir = Directory.CreateTempSubdirectory($"bm-bench-{name}-").FullName;
        Directory.CreateDirectory(Path.Combine(dir, "media"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = dir });
        builder.Configuration["Media:Root"] = Path.Combine(dir, "media");
        builder.Configuration["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(dir, "bench.db")}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.Configuration[key] = value;
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddBlazorMedia();
        var app = builder.Build();
        if (!await StartupChecks.RunAsync(app.Services, CancellationToken.None))
            throw new InvalidOperationException("the app's start-up checks failed (see the log above)");
        return new BenchApp(dir, app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
    }
}
