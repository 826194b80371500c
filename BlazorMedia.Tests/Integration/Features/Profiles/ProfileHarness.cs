using System.Data.Common;
using BlazorMedia.Catalog;
using BlazorMedia.Data;
using BlazorMedia.Features.Account;
using BlazorMedia.Features.Files;
using BlazorMedia.Features.Profiles;
using BlazorMedia.Imaging;
using BlazorMedia.Media;
using BlazorMedia.Security;
using BlazorMedia.Storage;
using BlazorMedia.Tests.Infrastructure;
using BlazorMedia.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BlazorMedia.Tests.Features.Profiles;

/// <summary>The real profile service over real storage (temp media root), real libvips and the run's database
/// (<see cref="TestDatabase"/>), with a switch that makes the database fail the next statement matching a pattern,
/// mid-transaction.</summary>
public sealed class ProfileHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir = new("bm-profiles");
    private readonly ServiceProvider _services;

    /// <param name="database">Run on this database; default: the run's database.</param>
    /// <param name="uploads">Changes to the upload settings (per-user limits).</param>
    /// <param name="time">The clock (default: the system's).</param>
    public ProfileHarness(TestDatabase? database = null, Action<UploadsOptions>? uploads = null, TimeProvider? time = null)
        : this(dir => database ?? TestDatabase.Create(Path.Combine(dir, "app.db")), uploads, time)
    {
    }

    /// <param name="databaseIn">The database, given the harness's own temp folder (for a SQLite file).</param>
    /// <param name="interceptor">One more EF interceptor, and no migration at start (see <see cref="OnCapturedSqlServer"/>).</param>
    private ProfileHarness(Func<string, TestDatabase> databaseIn, Action<UploadsOptions>? uploads, TimeProvider? time,
        Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor? interceptor = null)
    {
        var database = databaseIn(_dir.Path);
        Directory.CreateDirectory(MediaRoot);
        var sc = new ServiceCollection();
        sc.AddLogging();
        if (time is not null) sc.AddSingleton(time);
        sc.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        sc.Configure<MediaOptions>(o =>
        {
            o.Root = MediaRoot;
            o.RootPath = MediaRoot + Path.DirectorySeparatorChar;
            o.Url = "/media/";
        });
        sc.Configure<UploadsOptions>(o =>
        {
            o.TempDir = TempDir;
            uploads?.Invoke(o);
        });
        Directory.CreateDirectory(TempDir);
        Directory.CreateDirectory(SpoolDir);
        sc.AddSingleton(Breaker);
        sc.AddMediaDbContextFactory(_ => database.Connection, (sp, o) =>
        {
            o.AddInterceptors(sp.GetRequiredService<DatabaseBreaker>());
            if (interceptor is not null) o.AddInterceptors(interceptor);
        });
        sc.AddMediaStorage(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        sc.AddCatalog();
        sc.AddMediaImaging();
        sc.AddMediaUploads();
        sc.AddProfiles();
        sc.AddFiles();
        sc.AddAccounts();
        sc.AddHealthChecks();
        sc.AddScoped<BlazorMedia.Features.Diagnostics.SystemCheckService>();
        var environment = new TestHostEnvironment(_dir.Path);
        sc.AddSingleton<Microsoft.AspNetCore.Hosting.IWebHostEnvironment>(environment);
        sc.AddSingleton<Microsoft.Extensions.Hosting.IHostEnvironment>(environment);
        sc.AddMediaServing();
        _services = sc.BuildServiceProvider();
        if (interceptor is not null) return;
        using var db = _services.GetRequiredService<IDbContextFactory<MediaDbContext>>().CreateDbContext();
        db.Database.Migrate();
    }

    /// <summary>On a SQLite file whatever the run's database (for the classes that name SQLite).</summary>
    public static ProfileHarness OnSqlite() => new(dir => TestDatabase.Sqlite(Path.Combine(dir, "app.db")), null, null);

    /// <summary>On SQL Server's provider with no server: <paramref name="capture"/> records and answers every command.</summary>
    internal static ProfileHarness OnCapturedSqlServer(BlazorMedia.Tests.Data.SqlServerCapture capture) =>
        new(_ => new TestDatabase(DatabaseOptions.SqlServer, BlazorMedia.Tests.Data.UnreachableDatabase.ConnectionString(DatabaseOptions.SqlServer)),
            null, null, capture);

    public string MediaRoot => _dir.Combine("media");

    /// <summary>Where uploads spool: the file system storage's intake folder (Save moves the spool file into place).
    /// <c>Uploads:TempDir</c> (<see cref="TempDir"/>) only holds thumbnail sources here.</summary>
    public string SpoolDir => Path.Combine(MediaRoot, BlazorMedia.Storage.FileSystem.FileSystemStorage.IntakeFolderName);

    public string TempDir => _dir.Combine("spool");

    public DatabaseBreaker Breaker { get; } = new();

    /// <summary>The app's services over this harness's database and storage (command verbs, the audit, component tests).</summary>
    public IServiceProvider Services => _services;

    public ProfileService Profiles => _services.GetRequiredService<ProfileService>();

    public FilesService Library => _services.GetRequiredService<FilesService>();

    public FilesChanges FilesChanges => _services.GetRequiredService<FilesChanges>();

    public UploadService Uploads => _services.GetRequiredService<UploadService>();

    public BlazorMedia.Features.Diagnostics.SystemCheckService SystemCheck => _services.GetRequiredService<BlazorMedia.Features.Diagnostics.SystemCheckService>();

    public UploadFields Fields => _services.GetRequiredService<UploadFields>();

    public BlazorMedia.Media.MediaLinks Links => _services.GetRequiredService<BlazorMedia.Media.MediaLinks>();

    /// <summary>Registers an account in its own DI scope (as one HTTP request would).</summary>
    public async Task<BlazorMedia.Features.Account.RegisterResult> RegisterAsync(string email, string password = "Test-Passw0rd!")
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BlazorMedia.Features.Account.AccountService>().RegisterAsync(email, password);
    }

    /// <summary>A caller for a newly registered account.</summary>
    public async Task<BlazorMedia.Security.Caller> NewUserAsync(string email)
    {
        var registered = await RegisterAsync(email);
        if (!registered.Succeeded) throw new InvalidOperationException(string.Join(" ", registered.Errors));
        return new BlazorMedia.Security.Caller(registered.User!.Id, registered.IsAdministrator);
    }

    public MediaDbContext Db() => _services.GetRequiredService<IDbContextFactory<MediaDbContext>>().CreateDbContext();

    /// <summary>An avatar received for <paramref name="caller"/> (default: the command line, which no limit applies to).</summary>
    public Task<ReceivedFile> AvatarAsync(byte[] bytes, string name = "me.jpg", Caller? caller = null) =>
        Uploads.ReceiveAsync(new MemoryStream(bytes), name, Fields.Avatar, caller ?? Caller.Operator);

    public Task<ReceivedFile> ReportAsync(string text = "Quarterly report", string name = "report.txt", Caller? caller = null) =>
        Uploads.ReceiveAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), name, Fields.Report, caller ?? Caller.Operator);

    /// <summary>A text file added to the library by an administrator, in <paramref name="folder"/> (under
    /// <paramref name="relative"/> as from a dropped folder).</summary>
    public async Task<BlazorMedia.Features.Files.FileItem> AddLibraryTextAsync(string folder, string name, string text = "hello",
        string? relative = null) =>
        await Library.AddAsync(BlazorMedia.Security.Caller.Operator, folder, relative,
            await LibraryFileAsync(System.Text.Encoding.UTF8.GetBytes(text), name));

    public Task<ReceivedFile> LibraryFileAsync(byte[] bytes, string name) =>
        Uploads.ReceiveAsync(new MemoryStream(bytes), name, Fields.Library, Caller.Operator);

    /// <summary>Every file under the media root, as storage names.</summary>
    public List<string> StoredNames() => Directory.EnumerateFiles(MediaRoot, "*", SearchOption.AllDirectories)
        .Select(p => Path.GetRelativePath(MediaRoot, p).Replace('\\', '/'))
        .Where(n => !n.StartsWith(BlazorMedia.Storage.FileSystem.FileSystemStorage.IntakeFolderName + "/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal).ToList();

    /// <summary>The names rows reference: profiles' files plus the thumbnails of catalogued images.</summary>
    public List<string> ReferencedNames()
    {
        using var db = Db();
        var names = db.Profiles.Select(p => p.AvatarName).ToList().Concat(db.Profiles.Select(p => p.ReportName).ToList()).OfType<string>().ToList();
        var thumbs = db.StoredFiles.Where(f => f.Width != null).Select(f => f.Sha256).ToList()
            .SelectMany(h => ThumbnailAlias.All.Select(a => ThumbnailNames.For(h, a)));
        return names.Concat(thumbs).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>The little of a host environment the services read: the content root (where the signing key file goes).</summary>
internal sealed class TestHostEnvironment(string root) : Microsoft.AspNetCore.Hosting.IWebHostEnvironment
{
    public string WebRootPath { get; set; } = root;
    public Microsoft.Extensions.FileProviders.IFileProvider WebRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    public string ApplicationName { get; set; } = "BlazorMedia";
    public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    public string ContentRootPath { get; set; } = root;
    public string EnvironmentName { get; set; } = "Production";
}

/// <summary>Fails the next command whose SQL contains <see cref="FailOn"/>, like a database that dies mid-save.</summary>
public sealed class DatabaseBreaker : DbCommandInterceptor
{
    public string? FailOn { get; set; }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Check(DbCommand command)
    {
        if (FailOn is { } pattern && command.CommandText.Contains(pattern, StringComparison.Ordinal))
        {
            FailOn = null;
            throw new InvalidOperationException($"Simulated database failure on: {pattern}");
        }
    }
}
