using BlazorMedia.Catalog;
using BlazorMedia.Circuits;
using BlazorMedia.Components;
using BlazorMedia.Data;
using BlazorMedia.Features.Account;
using BlazorMedia.Features.Files;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Health;
using BlazorMedia.Imaging;
using BlazorMedia.Media;
using BlazorMedia.Security;
using BlazorMedia.Storage;
using BlazorMedia.Uploads;
using BlazorMedia.Uploads.Streaming;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using MudBlazor;
using MudBlazor.Services;

namespace BlazorMedia;

/// <summary>Everything the app registers and maps, so Program.cs stays three lines.</summary>
public static class BlazorMediaExtensions
{
    /// <param name="args">The process's arguments: when they name a maintenance verb, its logging is quieted
    /// (<see cref="Commands.CommandLogging"/>).</param>
    public static WebApplicationBuilder AddBlazorMedia(this WebApplicationBuilder builder, string[]? args = null)
    {
        builder.AddRepositoryDevelopmentSettings();
        if (args is not null && Commands.CommandLine.IsCommand(args))
            Commands.CommandLogging.AddCommandLogFilter(builder.Logging, builder.Configuration);

        var services = builder.Services;

        // Each module binds its own options and registers their validator; StartupChecks resolves them all before the
        // server accepts a request, so a bad setting stops the app with one line naming it.

        // Data: one DbContext per operation (Blazor Server circuits outlive requests).
        services.AddMediaDatabase();
        services.AddCatalog();

        // Files: storage backend, media endpoint and signed URLs
        services.AddMediaStorage(builder.Configuration);
        services.AddMediaServing();
        services.AddMediaImaging();
        services.AddMediaUploads();

        // Features
        services.AddAccounts();
        services.AddProfiles();
        services.AddScoped<Features.Diagnostics.SystemCheckService>();
        services.AddFiles();
        services.AddSingleton<Maintenance.MediaAudit>();

        // UI
        // InputFile streams over the circuit in messages up to this size; 1 MB measured ~25% faster than the default.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 1024 * 1024);
        // A paused circuit (a tab in the background) is kept in the database when the browser did not get it, so it
        // resumes with what the user typed after a restart or on another instance.
        services.AddCircuitPersistence();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomCenter;
            o.SnackbarConfiguration.ShowCloseIcon = true;
            o.SnackbarConfiguration.VisibleStateDuration = 5000;
        });

        // Data Protection keys protect cookies, circuits and the media signing key: they must survive restarts and be
        // shared by instances that serve the same users (DataProtection:Store = FileSystem | Database).
        services.AddMediaKeyRing(builder.Configuration, builder.Environment.ContentRootPath);

        // Health
        services.AddMediaHealthChecks(builder.Configuration);

        return builder;
    }

    /// <summary>appsettings.Development.json lives at the repository root (beside media/), one level above the content
    /// root. It goes where ASP.NET puts appsettings.{Environment}.json: above appsettings.json, below environment
    /// variables and the command line, so those still override it.</summary>
    private static void AddRepositoryDevelopmentSettings(this WebApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment()) return;
        var path = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, "..", "appsettings.Development.json"));
        var sources = builder.Configuration.Sources;
        var afterAppSettings = sources.Select((s, i) => (s, i))
            .LastOrDefault(x => x.s is JsonConfigurationSource { Path: { } p } && p.StartsWith("appsettings", StringComparison.Ordinal)).i;
        sources.Insert(afterAppSettings + 1, new JsonConfigurationSource
        {
            Path = Path.GetFileName(path),
            Optional = true,
            FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(path)!),
        });
    }

    private static WebApplication UseBlazorMedia(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        // Media first and terminal; routing explicitly after it, so media requests skip matching altogether.
        app.UseMediaServing();
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthEndpoint();
        app.MapAccountEndpoints();
        app.MapStreamingUploads();
        app.MapMemoryDiagnostics(app.Configuration);
        // Our policy carries frame-ancestors 'none'; Blazor's own header would add a second, laxer one ('self').
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    /// <summary>Checks settings and the database, then maps the pipeline and runs. A bad setting or an unreachable
    /// database logs one line naming the problem and returns exit code 1; users never see a stack trace page.
    /// The checks come before mapping because mapping reads validated options. A maintenance verb in
    /// <paramref name="args"/> (<see cref="Commands.CommandLine"/>) runs instead of the server; <c>help</c> and an unknown
    /// verb print the usage without the checks.</summary>
    public static async Task<int> RunBlazorMediaAsync(this WebApplication app, string[] args)
    {
        var command = Commands.CommandLine.IsCommand(args);
        if (command && Commands.CommandLine.IsUsageOnly(args))
        {
            await app.DisposeAsync();
            return Commands.CommandLine.PrintUsage(args[0]);
        }
        if (!await StartupChecks.RunAsync(app.Services, app.Lifetime.ApplicationStopping))
        {
            await app.DisposeAsync(); // flushes the console logger's queue, or the one line may never be written
            return 1;
        }
        if (command)
        {
            var outcome = await Commands.CommandLine.RunAsync(app.Services, args, app.Lifetime.ApplicationStopping);
            // After the dispose has flushed the console logger's queue, so the summary is the last line of the output.
            await app.DisposeAsync();
            if (outcome.Summary is not null) Console.WriteLine(outcome.Summary);
            return outcome.ExitCode;
        }
        if (ServerAddresses.FindTaken(app.Configuration) is { } taken)
        {
            // One line, not Kestrel's stack trace: the address, and how to choose another.
            await app.DisposeAsync();
            await Console.Error.WriteLineAsync($"crit: BlazorMedia.Startup[3] Cannot start the server: {taken} is already in use. "
                + "Stop what uses it, or choose another address: ./run.sh --urls http://127.0.0.1:5001");
            return 1;
        }
        app.UseBlazorMedia();
        app.Lifetime.ApplicationStarted.Register(() => Console.WriteLine(ServerAddresses.Announce(app.Services.GetRequiredService<IServer>())));
        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException or System.Net.Sockets.SocketException)
        {
            // The port is taken: say so in one line rather than crash. RunAsync has disposed the host and its
            // loggers by now, so the line goes straight to stderr.
            await Console.Error.WriteLineAsync($"crit: BlazorMedia.Startup[3] Cannot start the server: {e.Message}");
            return 1;
        }
        return 0;
    }
}
