using Microsoft.Extensions.Options;

namespace BlazorMedia.Storage;

/// <summary>Checks <c>Storage:Backend</c> and the settings of the backend it names (each backend's validator lives in
/// its folder).</summary>
internal sealed class StorageOptionsValidator(IServiceProvider services) : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o)
    {
        if (!StorageOptions.Backends.Contains(o.Backend, StringComparer.Ordinal))
            return ValidateOptionsResult.Fail($"Storage:Backend '{o.Backend}' is not supported; use one of: {string.Join(", ", StorageOptions.Backends)}.");
        var errors = StorageBackends.Validate(o.Backend, services);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
