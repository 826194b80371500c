using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BlazorMedia.Data;

/// <summary>The one place that turns a provider name (<see cref="DatabaseOptions.Provider"/>) into EF options and
/// the provider's context subtype, for the app, the commands, the tests and the design-time tools alike.</summary>
public static class MediaDatabase
{
    public static DbContextOptionsBuilder UseProvider(this DbContextOptionsBuilder options, string provider, string connectionString) =>
        provider switch
        {
            DatabaseOptions.Sqlite => options.UseSqlite(connectionString),
            DatabaseOptions.PostgreSql => options.UseNpgsql(connectionString),
            DatabaseOptions.SqlServer => options.UseSqlServer(connectionString),
            _ => throw new ArgumentException($"Database provider '{provider}' is not supported.", nameof(provider)),
        };

    /// <summary>The provider's context over <paramref name="options"/> (built with <see cref="UseProvider"/> for the
    /// same provider), sending changes to other instances by <paramref name="changeFeed"/> (<see cref="ChangeFeeds"/>).</summary>
    public static MediaDbContext CreateContext(string provider, DbContextOptions<MediaDbContext> options, string changeFeed = ChangeFeeds.Auto)
    {
        MediaDbContext context = provider switch
        {
            DatabaseOptions.Sqlite => new SqliteMediaDbContext(options),
            DatabaseOptions.PostgreSql => new PostgresMediaDbContext(options),
            DatabaseOptions.SqlServer => new SqlServerMediaDbContext(options),
            _ => throw new ArgumentException($"Database provider '{provider}' is not supported.", nameof(provider)),
        };
        context.Feed = ChangeFeeds.Resolve(provider, changeFeed);
        return context;
    }

    public static MediaDbContext CreateContext(string provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<MediaDbContext>();
        options.UseProvider(provider, connectionString);
        return CreateContext(provider, options.Options);
    }

    /// <summary>Registers <see cref="IDbContextFactory{TContext}"/> of <see cref="MediaDbContext"/> (and a scoped
    /// context, for Identity, Data Protection and health checks) on the database <paramref name="database"/> names;
    /// <paramref name="configure"/> adds to the options (interceptors, logging).</summary>
    public static IServiceCollection AddMediaDbContextFactory(this IServiceCollection services,
        Func<IServiceProvider, MediaDatabaseConnection> database, Action<IServiceProvider, DbContextOptionsBuilder>? configure = null)
    {
        services.AddSingleton<MediaDatabaseConnection>(database);
        services.AddDbContextFactory<MediaDbContext, MediaDbContextFactory>((sp, o) =>
        {
            var connection = sp.GetRequiredService<MediaDatabaseConnection>();
            o.UseProvider(connection.Provider, connection.ConnectionString);
            configure?.Invoke(sp, o);
        });
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<MediaDbContext>>().CreateDbContext());
        services.TryAddSingleton<ChangeFeed>();
        return services;
    }
}

/// <summary>The database the app's contexts open: a provider name and its connection string, and how changes travel
/// between the instances on it (<see cref="DatabaseOptions.ChangeFeed"/>).</summary>
public sealed record MediaDatabaseConnection(string Provider, string ConnectionString, string ChangeFeed = ChangeFeeds.Auto)
{
    /// <summary><see cref="ChangeFeed"/> on this provider: <c>Notify</c>, <c>Polled</c> or <c>InProcess</c>.</summary>
    public string Feed => ChangeFeeds.Resolve(Provider, ChangeFeed);
}

internal sealed class MediaDbContextFactory(DbContextOptions<MediaDbContext> options, MediaDatabaseConnection connection)
    : IDbContextFactory<MediaDbContext>
{
    public MediaDbContext CreateDbContext() => MediaDatabase.CreateContext(connection.Provider, options, connection.ChangeFeed);
}
