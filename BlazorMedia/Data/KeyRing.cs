using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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

    /// <summary>Folder of the key files with <c>Store=FileSystem</c>, relative to the content root. Default <c>data/keys</c>.
    /// Created readable by the app's user only (0700; the files are 0600).</summary>
    public string KeysPath { get; set; } = "data/keys";

    /// <summary>A PKCS#12 (.pfx) file whose certificate encrypts every key at rest, in files or database rows alike, and
    /// decrypts them on every instance that has it. Default: none — keys are stored as plain XML, protected only by
    /// file permissions or by who may read the database; a Production start logs a warning naming this setting.
    /// Relative to the content root.</summary>
    public string CertificateFile { get; set; } = "";

    /// <summary>Password of <see cref="CertificateFile"/>, if it has one.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>Loads <see cref="CertificateFile"/> with its private key; null when none is set.</summary>
    /// <exception cref="CryptographicException">The file cannot be read, the password is wrong, or it has no private key.</exception>
    internal X509Certificate2? LoadCertificate(string contentRoot)
    {
        if (string.IsNullOrWhiteSpace(CertificateFile)) return null;
        var path = Path.GetFullPath(Path.Combine(contentRoot, CertificateFile));
        if (!File.Exists(path)) throw new CryptographicException($"'{path}' does not exist");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CryptographicException($"'{path}' holds no private key, which decrypting the keys needs");
        }
        return certificate;
    }
}

internal sealed class KeyRingOptionsValidator(IHostEnvironment environment) : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions o)
    {
        if (!KeyRingOptions.Stores.Contains(o.Store, StringComparer.Ordinal))
            return ValidateOptionsResult.Fail($"DataProtection:Store '{o.Store}' is not supported; use one of: {string.Join(", ", KeyRingOptions.Stores)}.");
        try
        {
            o.LoadCertificate(environment.ContentRootPath)?.Dispose();
            return ValidateOptionsResult.Success;
        }
        catch (CryptographicException e)
        {
            return ValidateOptionsResult.Fail($"DataProtection:CertificateFile '{o.CertificateFile}' cannot be used: {e.Message}. Give a .pfx with its private key (and DataProtection:CertificatePassword), or remove the setting.");
        }
    }
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
            dataProtection.PersistKeysToFileSystem(OwnerOnlyFolder(Path.GetFullPath(Path.Combine(contentRoot, options.KeysPath))));
        X509Certificate2? certificate = null;
        try { certificate = options.LoadCertificate(contentRoot); }
        catch (CryptographicException) { } // reported by KeyRingOptionsValidator before the server starts
        if (certificate is not null)
            dataProtection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        return services;
    }

    /// <summary>The key folder, readable by the app's user only: the key files in it are 0600 already, but a listing
    /// tells which keys exist and when they expire.</summary>
    private static DirectoryInfo OwnerOnlyFolder(string path)
    {
        var folder = Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            folder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        return folder;
    }
}
