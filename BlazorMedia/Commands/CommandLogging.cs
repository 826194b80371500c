namespace BlazorMedia.Commands;

/// <summary>A verb's output is its lines and its summary, not the database's: EF Core logs every SQL statement at
/// Information (<c>Microsoft.EntityFrameworkCore.Database.Command</c>), and without an appsettings file naming a level
/// (a deployed copy run from another folder, a stripped-down Production configuration) that buries the summary under
/// hundreds of lines.</summary>
internal static class CommandLogging
{
    public const string EntityFrameworkCore = "Microsoft.EntityFrameworkCore";

    /// <summary>Only when the process runs a verb: EF Core's categories log at Warning and above, unless configuration
    /// sets <c>Logging:LogLevel:Microsoft.EntityFrameworkCore</c>, which then decides as usual. A setting for a narrower
    /// category (<c>…EntityFrameworkCore.Database.Command</c>) is more specific than this rule, so it still wins too.</summary>
    public static void AddCommandLogFilter(this ILoggingBuilder logging, IConfiguration configuration)
    {
        if (configuration[$"Logging:LogLevel:{EntityFrameworkCore}"] is not null) return;
        logging.AddFilter(EntityFrameworkCore, LogLevel.Warning);
    }
}
