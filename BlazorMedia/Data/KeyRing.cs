using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Data;

/// <summary>Where ASP.NET Data Protection keeps its key ring. Section <c>DataProtection</c>. The keys protect
/// cookies, antiforgery tokens, Blazor's circuit descriptors and the media signing key file, so every instance that
/// serves the same users must read the same ring.</summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    public const string FileSystem = "FileSystem";
    public const string Database = "Database";
    public static readonly string[] Stores = [FileSystem, Database];

    /// <summary><c>FileSystem</c> (default: XML files in <see cref="KeysPath"/>, for one machine or a shared folder)
    /// or <c>Database</c> (rows in the catalog database, shared by every instance that uses it, on any machine).</summary>
    public string Store { get; set; } = FileSystem;

    /// <summary>Folder of the key files with <c>Store=FileSystem</c>, relative to the content root. Default <c>data/keys</c>.</summary>
    public string KeysPath { get; set; } = "data/keys";
}

internal sealed class KeyRingOptionsValidator : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions o) =>
        KeyRingOptions.Stores.Contains(o.Store, StringComparer.Ordinal)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"DataProtection:Store '{o.Store}' is not supported; use one of: {string.Join(", ", KeyRingOptions.Stores)}.");
}

internal static class KeyRingServiceCollectionExtensions
{
    /// <summary>Registers Data Protection with the key store <c>DataProtection:Store</c> names. The choice is read
    /// here, at registration, because the key repository is fixed once the host is built; an unknown store falls back
    /// to the file system and is reported by <see cref="KeyRingOptionsValidator"/> before the server starts.</summary>
    public static IServiceCollection AddMediaKeyRing(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.SectionName);
        services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidator>();
        var options = configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new();
        var dataProtection = services.AddDataProtection().SetApplicationName("BlazorMedia");
        if (options.Store == KeyRingOptions.Database)
            dataProtection.PersistKeysToDbContext<MediaDbContext>();
        else
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.GetFullPath(Path.Combine(contentRoot, options.KeysPath))));
        return services;
    }
}
