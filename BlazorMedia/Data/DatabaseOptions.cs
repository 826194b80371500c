namespace BlazorMedia.Data;

/// <summary>Which database holds the catalog. Section <c>Database</c>; connection strings under
/// <c>ConnectionStrings:Sqlite</c> and <c>ConnectionStrings:PostgreSQL</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";
    public static readonly string[] Providers = [Sqlite, PostgreSql];

    /// <summary><c>Sqlite</c> (default: an embedded file created on first run) or <c>PostgreSQL</c>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Apply pending migrations at start-up. Default true.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
