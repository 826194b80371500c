using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Media;

/// <summary>The HMAC key behind signed media URLs.</summary>
/// <remarks>
/// <para>With <c>Media:SigningKey</c> set, that key is used: the choice for several instances, which must accept
/// each other's URLs (Django signs with its <c>SECRET_KEY</c> the same way).</para>
/// <para>Otherwise a random 32-byte key is made on first use and kept in <c>Media:SigningKeyFile</c>, encrypted with
/// ASP.NET Data Protection (the key ring that already protects antiforgery tokens), so a single instance needs no
/// configuration, the key survives restarts, and a copy of the file alone is useless. Data Protection cannot sign
/// directly with a stable key: its payloads are randomised and ~170 characters long, too long for a query string.
/// When the key ring is lost the file no longer decrypts; a new key is made and outstanding URLs (short-lived by
/// design) stop working, which is the safe failure.</para>
/// </remarks>
internal sealed class MediaSigningKey(IOptions<MediaServingOptions> options, IDataProtectionProvider dataProtection,
    IWebHostEnvironment env)
{
    private const string Purpose = "BlazorMedia.Media.MediaSigningKey.v1";
    private readonly Lazy<byte[]> _key = new(() => Load(options.Value, dataProtection, env));

    public byte[] Key => _key.Value;

    public static string ResolveKeyFile(MediaServingOptions o, IWebHostEnvironment env) =>
        Path.GetFullPath(Path.Combine(env.ContentRootPath, o.SigningKeyFile));

    /// <summary>The key bytes of a configured base64 key, or null when it is not base64 or shorter than 32 bytes.</summary>
    public static byte[]? TryDecode(string base64)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64);
            return bytes.Length >= 32 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Load(MediaServingOptions o, IDataProtectionProvider dataProtection, IWebHostEnvironment env)
    {
        if (!string.IsNullOrEmpty(o.SigningKey))
            return TryDecode(o.SigningKey) ?? throw new InvalidOperationException("Media:SigningKey must be base64 of at least 32 bytes.");

        var protector = dataProtection.CreateProtector(Purpose);
        var path = ResolveKeyFile(o, env);
        if (TryRead(path, protector) is { } existing) return existing;

        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write beside, then rename: a crash never leaves a truncated key, and a concurrent first start (two
        // processes) ends with one file whose key both then read back.
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, protector.Protect(key));
        try
        {
            File.Move(temp, path, overwrite: File.Exists(path) && TryRead(path, protector) is null);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp); // another process won the race
        }
        return TryRead(path, protector) ?? key;
    }

    private static byte[]? TryRead(string path, IDataProtector protector)
    {
        try
        {
            return protector.Unprotect(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or CryptographicException)
        {
            return null;
        }
    }
}
