using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Data;

internal static class DatabaseServiceCollectionExtensions
{
    public static IServiceCollection AddMediaDatabase(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.AddMediaDbContextFactory(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var provider = options.Provider;
            var cs = sp.GetRequiredService<IConfiguration>().GetConnectionString(provider) ?? "";
            return new MediaDatabaseConnection(provider, provider == DatabaseOptions.Sqlite
                ? ResolveSqlite(cs, sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath)
                : cs, options.ChangeFeed);
        });
        // Changes committed by other instances reach this one's pages (Database:ChangeFeed; see ChangeFeed): each
        // listener does nothing unless it is the database's feed.
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService<PostgresChangeListener>();
        services.AddHostedService<PolledChangeListener>();
        return services;
    }

    /// <summary>A relative SQLite file resolves against the content root (not the working directory), and its folder
    /// is created so the database file can be made on first run.</summary>
    internal static string ResolveSqlite(string connectionString, string contentRoot)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is { Length: > 0 } ds && ds != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var full = Path.GetFullPath(Path.Combine(contentRoot, ds));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            csb.DataSource = full;
        }
        return csb.ToString();
    }
}
