namespace BlazorMedia.Data;

/// <summary>Which database holds the catalog. Section <c>Database</c>; connection strings under
/// <c>ConnectionStrings:Sqlite</c>, <c>ConnectionStrings:PostgreSQL</c> and <c>ConnectionStrings:SqlServer</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";
    public const string SqlServer = "SqlServer";
    public static readonly string[] Providers = [Sqlite, PostgreSql, SqlServer];

    /// <summary><c>Sqlite</c> (default: an embedded file created on first run), <c>PostgreSQL</c> or <c>SqlServer</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply pending migrations at start-up. Default true.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How changes reach other instances' pages (<see cref="ChangeFeeds"/>): <c>Auto</c> (default: PostgreSQL
    /// <c>Notify</c>, SQL Server <c>Polled</c>, SQLite <c>InProcess</c>), <c>Notify</c> (PostgreSQL only),
    /// <c>Polled</c> or <c>InProcess</c>.</summary>
    public string ChangeFeed { get; set; } = ChangeFeeds.Auto;

    /// <summary>With the <c>Polled</c> feed, how often each instance reads the changes others committed: about the
    /// delay before another instance's page shows a change. Default 1 second; from 100 ms to 1 minute.</summary>
    public TimeSpan ChangePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MinChangePollInterval = TimeSpan.FromMilliseconds(100);

    public static readonly TimeSpan MaxChangePollInterval = TimeSpan.FromMinutes(1);
}

/// <summary>The values of <see cref="DatabaseOptions.ChangeFeed"/>: how a change one instance commits reaches the others.</summary>
public static class ChangeFeeds
{
    /// <summary>The database's natural choice (<see cref="Resolve"/>).</summary>
    public const string Auto = "Auto";

    /// <summary>PostgreSQL's <c>pg_notify</c> in the save's transaction, heard through <c>LISTEN</c> (<see cref="PostgresChangeListener"/>).</summary>
    public const string Notify = "Notify";

    /// <summary>A row per change in <c>ChangeNotices</c>, written in the save's transaction and read by every instance
    /// every <see cref="DatabaseOptions.ChangePollInterval"/> (<see cref="PolledChangeListener"/>).</summary>
    public const string Polled = "Polled";

    /// <summary>This process's subscribers only: one instance.</summary>
    public const string InProcess = "InProcess";

    public static readonly string[] All = [Auto, Notify, Polled, InProcess];

    /// <summary>The feed <paramref name="changeFeed"/> means on <paramref name="provider"/>: itself, or for
    /// <see cref="Auto"/> PostgreSQL's <see cref="Notify"/>, SQL Server's <see cref="Polled"/> (it has no NOTIFY) and
    /// SQLite's <see cref="InProcess"/> (one instance by nature).</summary>
    public static string Resolve(string provider, string changeFeed) => changeFeed != Auto ? changeFeed : provider switch
    {
        DatabaseOptions.PostgreSql => Notify,
        DatabaseOptions.SqlServer => Polled,
        _ => InProcess,
    };
}
