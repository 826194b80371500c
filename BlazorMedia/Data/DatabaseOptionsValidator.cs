using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BlazorMedia.Data;

internal sealed class DatabaseOptionsValidator(Microsoft.Extensions.Configuration.IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions o)
    {
        if (!DatabaseOptions.Providers.Contains(o.Provider, StringComparer.Ordinal))
            return ValidateOptionsResult.Fail($"Database:Provider '{o.Provider}' is not supported; use one of: {string.Join(", ", DatabaseOptions.Providers)}.");
        if (!ChangeFeeds.All.Contains(o.ChangeFeed, StringComparer.Ordinal))
            return ValidateOptionsResult.Fail($"Database:ChangeFeed '{o.ChangeFeed}' is not supported; use one of: {string.Join(", ", ChangeFeeds.All)}.");
        if (o.ChangeFeed == ChangeFeeds.Notify && o.Provider != DatabaseOptions.PostgreSql)
            return ValidateOptionsResult.Fail($"Database:ChangeFeed 'Notify' needs Database:Provider 'PostgreSQL' (pg_notify); with '{o.Provider}' use Polled or InProcess.");
        if (o.ChangePollInterval < DatabaseOptions.MinChangePollInterval || o.ChangePollInterval > DatabaseOptions.MaxChangePollInterval)
            return ValidateOptionsResult.Fail($"Database:ChangePollInterval '{o.ChangePollInterval}' must be from {DatabaseOptions.MinChangePollInterval} to {DatabaseOptions.MaxChangePollInterval}.");
        var connectionString = configuration.GetConnectionString(o.Provider);
        if (string.IsNullOrWhiteSpace(connectionString))
            return ValidateOptionsResult.Fail($"ConnectionStrings:{o.Provider} is empty; Database:Provider '{o.Provider}' needs a connection string.");
        return Parse(o.Provider, connectionString) is { } problem
            ? ValidateOptionsResult.Fail($"ConnectionStrings:{o.Provider} is not a valid {o.Provider} connection string: {problem}")
            : ValidateOptionsResult.Success;
    }

    /// <summary>The provider's own parser's complaint (an unknown keyword, a bad value), or null when it parses. A
    /// connection string that parses but points nowhere is caught at start-up, when migrations connect.</summary>
    private static string? Parse(string provider, string connectionString)
    {
        try
        {
            _ = provider switch
            {
                DatabaseOptions.PostgreSql => new NpgsqlConnectionStringBuilder(connectionString).ConnectionString,
                DatabaseOptions.SqlServer => new SqlConnectionStringBuilder(connectionString).ConnectionString,
                _ => new SqliteConnectionStringBuilder(connectionString).ConnectionString,
            };
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return e.Message;
        }
    }
}
