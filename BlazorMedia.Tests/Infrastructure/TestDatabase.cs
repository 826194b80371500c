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

    /// <summary>A fresh database on the shared server (started on first use, stopped when the test process exits).
    /// Connects with generous timeouts: the suite runs many apps in parallel on a small shared machine.</summary>
    public static TestDatabase CreatePostgres() =>
        new("PostgreSQL", Task.Run(() => Shared.Value.CreateDatabaseAsync()).GetAwaiter().GetResult().Replace("Timeout=10", "Timeout=60;Command Timeout=120"));

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
