using System.Security.Cryptography;
using BlazorMedia.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
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
/// <para>With <c>DataProtection:Store=Database</c> the generated key lives in the database instead
/// (<see cref="SharedSigningKey"/>), encrypted by the key ring stored beside it, so every instance on that database
/// signs with the same key and nothing has to be copied between them. A key file left by a single instance seeds the
/// row, so the links it handed out keep working after the switch.</para>
/// </remarks>
internal sealed class MediaSigningKey(IOptions<MediaServingOptions> options, IDataProtectionProvider dataProtection,
    IWebHostEnvironment env, IOptions<KeyRingOptions> keyRing, IDbContextFactory<MediaDbContext>? dbFactory = null)
{
    private const string Purpose = "BlazorMedia.Media.MediaSigningKey.v1";
    internal const string SharedRowName = "media";

    // PublicationOnly: a failure (the database unreachable at the first signed URL) is not cached for the process's life.
    private readonly Lazy<byte[]> _key = new(
        () => Load(options.Value, dataProtection, env, keyRing.Value.Store == KeyRingOptions.Database ? dbFactory : null),
        LazyThreadSafetyMode.PublicationOnly);

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

    private static byte[] Load(MediaServingOptions o, IDataProtectionProvider dataProtection, IWebHostEnvironment env,
        IDbContextFactory<MediaDbContext>? shared)
    {
        if (!string.IsNullOrEmpty(o.SigningKey))
            return TryDecode(o.SigningKey) ?? throw new InvalidOperationException("Media:SigningKey must be base64 of at least 32 bytes.");

        var protector = dataProtection.CreateProtector(Purpose);
        var path = ResolveKeyFile(o, env);
        if (shared is not null) return LoadShared(shared, protector, seed: TryRead(path, protector));
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

    /// <summary>The key in the shared row: read it, or create it with a create-only insert (of <paramref name="seed"/>
    /// when there is one); the loser of a race between instances reads the winner's row. A row no key of the ring
    /// decrypts is replaced only if it still holds what was read, so two instances that find it at once agree too.</summary>
    private static byte[] LoadShared(IDbContextFactory<MediaDbContext> dbFactory, IDataProtector protector, byte[]? seed)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var db = dbFactory.CreateDbContext();
            var keys = db.Set<SharedSigningKey>();
            var row = keys.AsNoTracking().SingleOrDefault(k => k.Name == SharedRowName);
            if (row is not null)
            {
                if (TryUnprotect(protector, row.Protected) is { } key) return key;
                var fresh = RandomNumberGenerator.GetBytes(32);
                var seen = row.Protected;
                if (keys.Where(k => k.Name == SharedRowName && k.Protected == seen)
                        .ExecuteUpdate(s => s.SetProperty(k => k.Protected, protector.Protect(fresh))) == 1)
                    return fresh;
                continue; // another instance replaced it first: read its key
            }
            var created = seed ?? RandomNumberGenerator.GetBytes(32);
            keys.Add(new SharedSigningKey { Name = SharedRowName, Protected = protector.Protect(created), CreatedUtc = DateTime.UtcNow });
            try
            {
                db.SaveChanges();
                return created;
            }
            catch (DbUpdateException)
            {
                // another instance inserted the row first: read its key
            }
        }
        throw new InvalidOperationException("The media signing key row (SharedSigningKeys) kept changing while it was read; is another instance replacing it in a loop?");
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

    private static byte[]? TryUnprotect(IDataProtector protector, byte[] data)
    {
        try
        {
            return protector.Unprotect(data);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
