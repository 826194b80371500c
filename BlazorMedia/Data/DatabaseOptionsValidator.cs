using Microsoft.Extensions.Options;

namespace BlazorMedia.Data;

internal sealed class DatabaseOptionsValidator(Microsoft.Extensions.Configuration.IConfiguration configuration) : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions o)
    {
        if (!DatabaseOptions.Providers.Contains(o.Provider, StringComparer.Ordinal))
            return ValidateOptionsResult.Fail($"Database:Provider '{o.Provider}' is not supported; use one of: {string.Join(", ", DatabaseOptions.Providers)}.");
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(o.Provider)))
            return ValidateOptionsResult.Fail($"ConnectionStrings:{o.Provider} is empty; Database:Provider '{o.Provider}' needs a connection string.");
        return ValidateOptionsResult.Success;
    }
}
