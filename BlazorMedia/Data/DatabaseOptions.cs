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
}
