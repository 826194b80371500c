using BlazorMedia.Data;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>The database a test's app or harness uses. By default a SQLite file; with the environment variable
/// <c>BLAZORMEDIA_TEST_DATABASE=PostgreSQL</c> (test.sh's second pass) a fresh database on one PostgreSQL 15 server
/// shared by the whole test process, so every database test also runs on PostgreSQL without naming it.</summary>
public sealed record TestDatabase(string Provider, string ConnectionString)
{
    public const string SwitchVariable = "BLAZORMEDIA_TEST_DATABASE";

    private static readonly Lazy<PostgresServer> Shared = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A database the app's migrations have been applied to once; every test database is copied from it.</summary>
    private static readonly Lazy<string> MigratedTemplate = new(CreateMigratedTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True in the PostgreSQL pass.</summary>
    public static bool UsesPostgres { get; } = Environment.GetEnvironmentVariable(SwitchVariable) switch
    {
        null or "" or "Sqlite" => false,
        "PostgreSQL" => true,
        var other => throw new InvalidOperationException($"{SwitchVariable} '{other}' is not supported; use Sqlite or PostgreSQL."),
    };

    public bool IsPostgres => Provider == "PostgreSQL";

    /// <summary>The database for this run: a fresh PostgreSQL database in the PostgreSQL pass, else <paramref name="sqliteFile"/>.</summary>
    public static TestDatabase Create(string sqliteFile) => UsesPostgres ? CreatePostgres() : Sqlite(sqliteFile);

    public static TestDatabase Sqlite(string file) => new("Sqlite", $"Data Source={file};Pooling=false");

    /// <summary>A fresh, migrated database on the shared server (started on first use, stopped when the test process
    /// exits): a copy of a template the migrations ran into once, so the app's start-up migration finds nothing to do.
    /// With <paramref name="empty"/>, a database with no tables (for tests of the migrations themselves).</summary>
    public static TestDatabase CreatePostgres(bool empty = false)
    {
        var template = empty ? null : MigratedTemplate.Value;
        return new("PostgreSQL", Patient(Task.Run(() => Shared.Value.CreateDatabaseAsync(template: template)).GetAwaiter().GetResult()));
    }

    /// <summary>Generous timeouts: the suite runs many apps in parallel on a small shared machine.</summary>
    private static string Patient(string connectionString) => connectionString.Replace("Timeout=10", "Timeout=60;Command Timeout=120");

    private static string CreateMigratedTemplate()
    {
        var connectionString = Task.Run(() => Shared.Value.CreateDatabaseAsync("bm_template")).GetAwaiter().GetResult();
        using (var db = new TestDatabase("PostgreSQL", Patient(connectionString)).CreateContext())
            db.Database.Migrate();
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
    }

    /// <summary>The app's settings selecting this database, with <paramref name="separator"/> between section and key
    /// (<c>:</c> for configuration, <c>__</c> for environment variables).</summary>
    public Dictionary<string, string?> Settings(string separator) => new()
    {
        [$"Database{separator}Provider"] = Provider,
        [$"ConnectionStrings{separator}{Provider}"] = ConnectionString,
    };

    /// <summary>A context on this database, for tests that read or tamper with rows behind the app's back.</summary>
    public MediaDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<MediaDbContext>();
        if (IsPostgres) options.UseNpgsql(ConnectionString);
        else options.UseSqlite(ConnectionString);
        return new(options.Options);
    }

    private static PostgresServer StartShared()
    {
        var server = new PostgresServer();
        // Task.Run: no test framework synchronisation context to deadlock on while blocking.
        Task.Run(server.InitializeAsync).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Task.Run(server.DisposeAsync).GetAwaiter().GetResult();
        return server;
    }
}
