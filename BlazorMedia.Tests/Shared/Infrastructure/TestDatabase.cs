using BlazorMedia.Data;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>The database a test's app or harness uses. By default a SQLite file; with the environment variable
/// <c>BLAZORMEDIA_TEST_DATABASE=PostgreSQL</c> (test.sh's second pass) a fresh database on one PostgreSQL 15 server
/// shared by the whole test process, so every database test also runs on PostgreSQL without naming it. With
/// <c>BLAZORMEDIA_TEST_DATABASE=SqlServer</c> and <c>BLAZORMEDIA_TEST_SQLSERVER</c> (a connection string to a SQL
/// Server the login may create databases on; scripts/test-sqlserver.sh) a fresh database there per use.</summary>
public sealed record TestDatabase(string Provider, string ConnectionString)
{
    public const string SwitchVariable = "BLAZORMEDIA_TEST_DATABASE";
    public const string SqlServerVariable = "BLAZORMEDIA_TEST_SQLSERVER";

    private static readonly Lazy<PostgresServer> Shared = new(StartShared, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A PostgreSQL database the app's migrations have been applied to once; every test database is copied from it.</summary>
    private static readonly Lazy<string> MigratedTemplate = new(CreateMigratedTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The run's provider: Sqlite, PostgreSQL or SqlServer.</summary>
    public static string RunProvider { get; } = Environment.GetEnvironmentVariable(SwitchVariable) switch
    {
        null or "" or DatabaseOptions.Sqlite => DatabaseOptions.Sqlite,
        DatabaseOptions.PostgreSql => DatabaseOptions.PostgreSql,
        DatabaseOptions.SqlServer => DatabaseOptions.SqlServer,
        var other => throw new InvalidOperationException($"{SwitchVariable} '{other}' is not supported; use Sqlite, PostgreSQL or SqlServer."),
    };

    /// <summary>True in the PostgreSQL pass.</summary>
    public static bool UsesPostgres => RunProvider == DatabaseOptions.PostgreSql;

    /// <summary>True when the run's databases are SQLite files.</summary>
    public static bool UsesSqlite => RunProvider == DatabaseOptions.Sqlite;

    public bool IsPostgres => Provider == DatabaseOptions.PostgreSql;

    /// <summary>The database for this run: a fresh server database in the PostgreSQL or SQL Server pass, else
    /// <paramref name="sqliteFile"/>.</summary>
    public static TestDatabase Create(string sqliteFile) => RunProvider switch
    {
        DatabaseOptions.PostgreSql => CreatePostgres(),
        DatabaseOptions.SqlServer => CreateSqlServer(),
        _ => Sqlite(sqliteFile),
    };

    public static TestDatabase Sqlite(string file) => new(DatabaseOptions.Sqlite, $"Data Source={file};Pooling=false");

    /// <summary>A fresh, migrated database on the shared server (started on first use, stopped when the test process
    /// exits): a copy of a template the migrations ran into once, so the app's start-up migration finds nothing to do.
    /// With <paramref name="empty"/>, a database with no tables (for tests of the migrations themselves).</summary>
    public static TestDatabase CreatePostgres(bool empty = false)
    {
        var template = empty ? null : MigratedTemplate.Value;
        return new(DatabaseOptions.PostgreSql, Patient(Task.Run(() => Shared.Value.CreateDatabaseAsync(template: template)).GetAwaiter().GetResult()));
    }

    /// <summary>Generous timeouts: the suite runs many apps in parallel on a small shared machine.</summary>
    private static string Patient(string connectionString) => connectionString.Replace("Timeout=10", "Timeout=60;Command Timeout=120");

    private static string CreateMigratedTemplate()
    {
        var connectionString = Task.Run(() => Shared.Value.CreateDatabaseAsync("bm_template")).GetAwaiter().GetResult();
        using (var db = new TestDatabase(DatabaseOptions.PostgreSql, Patient(connectionString)).CreateContext())
            db.Database.Migrate();
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database!;
    }

    /// <summary>A fresh database on the SQL Server <c>BLAZORMEDIA_TEST_SQLSERVER</c> names (left there: the server is
    /// not the suite's to clean).</summary>
    public static TestDatabase CreateSqlServer()
    {
        var server = Environment.GetEnvironmentVariable(SqlServerVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException($"{SwitchVariable}=SqlServer needs {SqlServerVariable}, a connection string to a SQL Server (see scripts/test-sqlserver.sh).");
        var name = $"bm_{Guid.NewGuid():N}";
        using (var connection = new SqlConnection(server))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE [{name}]";
            command.ExecuteNonQuery();
        }
        return new(DatabaseOptions.SqlServer, new SqlConnectionStringBuilder(server) { InitialCatalog = name, Pooling = false }.ConnectionString);
    }

    /// <summary>The app's settings selecting this database, with <paramref name="separator"/> between section and key
    /// (<c>:</c> for configuration, <c>__</c> for environment variables).</summary>
    public Dictionary<string, string?> Settings(string separator) => new()
    {
        [$"Database{separator}Provider"] = Provider,
        [$"ConnectionStrings{separator}{Provider}"] = ConnectionString,
    };

    /// <summary>A context on this database, for tests that read or tamper with rows behind the app's back.</summary>
    public MediaDbContext CreateContext() => MediaDatabase.CreateContext(Provider, ConnectionString);

    /// <summary>This database as the app's registration wants it.</summary>
    public MediaDatabaseConnection Connection => new(Provider, ConnectionString);

    private static PostgresServer StartShared()
    {
        var server = new PostgresServer();
        // Task.Run: no test framework synchronisation context to deadlock on while blocking.
        Task.Run(server.InitializeAsync).GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Task.Run(server.DisposeAsync).GetAwaiter().GetResult();
        return server;
    }
}
