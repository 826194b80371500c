using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BlazorMedia.Storage;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Media;

/// <summary>Signed, expiring URLs for private media (django-storages' <c>querystring_auth</c>): the URL carries
/// <c>expires</c> (Unix seconds) and <c>signature</c> = base64url(HMAC-SHA256(key, name + "\n" + expires)).
/// The name is the decoded storage name, so a signature is bound to exactly one file.</summary>
public sealed class MediaUrlSigner
{
    private readonly IFileStorage _storage;
    private readonly MediaServingOptions _options;
    private readonly MediaSigningKey _key;
    private readonly TimeProvider _time;

    internal MediaUrlSigner(IFileStorage storage, IOptions<MediaServingOptions> options, MediaSigningKey key, TimeProvider time)
    {
        _storage = storage;
        _options = options.Value;
        _key = key;
        _time = time;
    }

    public const string ExpiresParameter = "expires";
    public const string SignatureParameter = "signature";

    /// <summary>The URL to put in a page for <paramref name="name"/>: the plain storage URL for public names, a URL
    /// signed for <c>Media:SignedUrlLifetime</c> for private ones.</summary>
    public string GetUrl(string name) =>
        _options.IsPrivate(name) ? GetSignedUrl(name, _options.SignedUrlLifetime) : _storage.GetUrl(name);

    /// <summary>The storage URL of <paramref name="name"/> with <c>expires</c> and <c>signature</c> appended, valid
    /// for <paramref name="lifetime"/> from now; or the backend's own presigned URL (<see cref="IPresignedUrls"/>).</summary>
    public string GetSignedUrl(string name, TimeSpan lifetime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        if (!MediaNameRules.IsValid(name)) throw new ArgumentException($"'{name}' is not a valid storage name.", nameof(name));

        // A presigned S3 URL is already authorised by S3, which would refuse the extra parameters of ours.
        if (_storage is IPresignedUrls presigner && presigner.IsPresigned(name))
            return presigner.GetPresignedUrl(name, lifetime);

        var expires = _time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var url = _storage.GetUrl(name);
        var separator = url.Contains('?') ? '&' : '?';
        return $"{url}{separator}{ExpiresParameter}={expires}&{SignatureParameter}={Sign(name, expires)}";
    }

    /// <summary>True when <paramref name="signature"/> was made by this server for <paramref name="name"/> and
    /// <paramref name="expires"/>, and that time has not passed. Missing or malformed values are simply invalid.</summary>
    public bool Validate(string name, string? expires, string? signature)
    {
        if (string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(signature)) return false;
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)) return false;
        if (_time.GetUtcNow().ToUnixTimeSeconds() > expiresAt) return false;

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Base64Url.GetMaxDecodedLength(signature.Length) > 64
            || !Base64Url.TryDecodeFromChars(signature, given, out var written)
            || written != HMACSHA256.HashSizeInBytes)
            return false;

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(name, expiresAt, expected);
        // Fixed-time: the comparison must not reveal how many leading bytes of a forged signature were right.
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private string Sign(string name, long expires)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(name, expires, mac);
        return Base64Url.EncodeToString(mac);
    }

    private void Compute(string name, long expires, Span<byte> destination)
    {
        // Canonical message: the parsed number, so "0042" and "42" sign the same way and cannot be mixed up.
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{name}\n{expires}"));
        HMACSHA256.HashData(_key.Key, message, destination);
    }
}
