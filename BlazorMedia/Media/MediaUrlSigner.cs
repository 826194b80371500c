using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using BlazorMedia.Storage;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Media;

/// <summary>Signed, expiring URLs for private media (django-storages' <c>querystring_auth</c>): the URL carries
/// <c>expires</c> (Unix seconds), <c>user</c> (the Identity user id it was made for, empty for administrators-only) and
/// <c>signature</c> = base64url(HMAC-SHA256(key, name + "\n" + expires + "\n" + user)). The name is the decoded storage
/// name, so a signature is bound to exactly one file; the media endpoint serves it only to that signed-in user or an
/// administrator, so a leaked link is no bearer token.</summary>
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

    public const string UserParameter = "user";

    public bool IsPrivate(string name) => _options.IsPrivate(name);

    /// <summary>The URL to put in a page for <paramref name="name"/>: the plain storage URL for public names, a URL
    /// signed for <c>Media:SignedUrlLifetime</c> and bound to <paramref name="userId"/> for private ones.</summary>
    public string GetUrl(string name, string? userId) =>
        _options.IsPrivate(name) ? GetSignedUrl(name, _options.SignedUrlLifetime, userId) : _storage.GetUrl(name);

    /// <summary>The storage URL of <paramref name="name"/> with <c>expires</c>, <c>user</c> and <c>signature</c>
    /// appended, valid for <paramref name="lifetime"/> from now for <paramref name="userId"/> (null: administrators
    /// only); or the backend's own presigned URL (<see cref="IPresignedUrls"/>), a short-lived bearer URL.</summary>
    public string GetSignedUrl(string name, TimeSpan lifetime, string? userId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        if (!MediaNameRules.IsValid(name)) throw new ArgumentException($"'{name}' is not a valid storage name.", nameof(name));

        // A presigned S3 URL is already authorised by S3, which would refuse the extra parameters of ours.
        if (_storage is IPresignedUrls presigner && presigner.IsPresigned(name))
            return presigner.GetPresignedUrl(name, lifetime);

        var expires = _time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var user = userId ?? "";
        var url = _storage.GetUrl(name);
        var separator = url.Contains('?') ? '&' : '?';
        return $"{url}{separator}{ExpiresParameter}={expires}&{UserParameter}={Uri.EscapeDataString(user)}&{SignatureParameter}={Sign(name, expires, user)}";
    }

    /// <summary>True when <paramref name="signature"/> was made by this server for <paramref name="name"/>,
    /// <paramref name="expires"/> and <paramref name="user"/>, and that time has not passed. Missing or malformed values
    /// are simply invalid. Whether the requester is <paramref name="user"/> is the endpoint's check.</summary>
    public bool Validate(string name, string? expires, string? user, string? signature)
    {
        if (string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(signature)) return false;
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)) return false;
        if (_time.GetUtcNow().ToUnixTimeSeconds() > expiresAt) return false;

        // Compared as the text Sign writes, never decoded: the decoder throws (not returns false) on characters outside
        // its alphabet ('+', '/', '=', '*') and on a last character with stray low bits ("...OFlZ" for "...OFlY"),
        // and a query string is anyone's to write. Only the one canonical spelling of the MAC is accepted.
        if (signature.Length != SignatureLength) return false;
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(name, expiresAt, user ?? "", mac);
        Span<char> expected = stackalloc char[SignatureLength];
        Base64Url.EncodeToChars(mac, expected);
        // Fixed-time: the comparison must not reveal how many leading characters of a forged signature were right.
        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(signature.AsSpan()), MemoryMarshal.AsBytes((ReadOnlySpan<char>)expected));
    }

    /// <summary>Base64url of a 32-byte MAC, unpadded.</summary>
    private const int SignatureLength = 43;

    private string Sign(string name, long expires, string user)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Compute(name, expires, user, mac);
        return Base64Url.EncodeToString(mac);
    }

    private void Compute(string name, long expires, string user, Span<byte> destination)
    {
        // Canonical message: the parsed number, so "0042" and "42" sign the same way and cannot be mixed up. Names and
        // user ids cannot contain a newline, so the fields cannot be shifted into one another.
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{name}\n{expires}\n{user}"));
        HMACSHA256.HashData(_key.Key, message, destination);
    }
}
