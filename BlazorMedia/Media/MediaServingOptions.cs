using BlazorMedia.Storage;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Media;

/// <summary>How the media endpoint serves files: which names are private or immutable and how private URLs are
/// signed (django-storages' <c>querystring_auth</c> / <c>querystring_expire</c>). Bound from section <c>Media</c>,
/// beside <see cref="MediaOptions"/>, so configuration keeps one <c>Media</c> section.</summary>
public sealed class MediaServingOptions
{
    /// <summary>Name prefixes reachable only with a signed, expiring URL. Matched case-insensitively so a
    /// case-insensitive disk cannot be used to dodge them. Default <c>reports_save/</c>.</summary>
    /// <remarks>Nullable because the configuration binder appends to a non-empty default array instead of
    /// replacing it; <see cref="EffectivePrivatePrefixes"/> applies the default.</remarks>
    public string[]? PrivatePrefixes { get; set; }

    /// <summary>Name prefixes whose content never changes under a name (content-addressed), served with
    /// <c>Cache-Control: public, max-age=31536000, immutable</c>. Default <c>thumbnails/</c>.</summary>
    public string[]? ImmutablePrefixes { get; set; }

    /// <summary>Base64 HMAC key (at least 32 bytes) for signed URLs. Default: unset, meaning a random key is created
    /// once and kept in <see cref="SigningKeyFile"/>, encrypted by ASP.NET Data Protection. Set it when several
    /// instances serve the same media (they must accept each other's URLs).</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where the generated signing key is kept when <see cref="SigningKey"/> is unset; relative paths resolve
    /// against the content root. Must not be inside <c>Media:Root</c> (it would be downloadable).
    /// Default <c>data/media-signing.key</c>, beside the SQLite database.</summary>
    public string SigningKeyFile { get; set; } = "data/media-signing.key";

    /// <summary>Lifetime of URLs from <see cref="MediaUrlSigner.GetUrl"/> for private names. Default 1 hour.</summary>
    public TimeSpan SignedUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Behind nginx (django-sendfile's model): when set, e.g. <c>/_protected_media/</c>, a request the app
    /// has authorised is answered with <c>X-Accel-Redirect: {this}{name}</c> and no body, and nginx streams the file
    /// from an <c>internal</c> location. Default: unset, the app sends the bytes itself.</summary>
    public string? AccelRedirectLocation { get; set; }

    public IReadOnlyList<string> EffectivePrivatePrefixes => PrivatePrefixes ?? ["reports_save/"];

    public IReadOnlyList<string> EffectiveImmutablePrefixes => ImmutablePrefixes ?? ["thumbnails/"];

    /// <summary>Names the endpoint never serves, signed or not: the media library's trash (files deleted by a user
    /// stay unreachable until restored; case-insensitive like <see cref="IsPrivate"/>) and any name with a segment
    /// starting with a dot (in-flight writes, the storage's upload intake folder, <c>.gitkeep</c>: the app never
    /// stores such a name, <c>get_valid_name</c> drops leading dots).</summary>
    public static bool IsHidden(string name) =>
        name.StartsWith(Catalog.CatalogFolders.TrashPrefix + "/", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith('.') || name.Contains("/.", StringComparison.Ordinal);

    public bool IsPrivate(string name) => StartsWithAny(name, EffectivePrivatePrefixes, StringComparison.OrdinalIgnoreCase);

    public bool IsImmutable(string name) => StartsWithAny(name, EffectiveImmutablePrefixes, StringComparison.Ordinal);

    private static bool StartsWithAny(string name, IReadOnlyList<string> prefixes, StringComparison comparison)
    {
        foreach (var prefix in prefixes)
            if (name.StartsWith(prefix, comparison)) return true;
        return false;
    }
}

/// <summary>Checks the serving settings at start; each failure names the setting and how to fix it.</summary>
internal sealed class MediaServingOptionsValidator(IOptions<MediaOptions> media, IWebHostEnvironment env)
    : IValidateOptions<MediaServingOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaServingOptions o)
    {
        if (o.AccelRedirectLocation is { } accel && !(accel.StartsWith('/') && accel.EndsWith('/') && accel.Length > 2))
            return ValidateOptionsResult.Fail($"Media:AccelRedirectLocation '{accel}' must be a path that starts and ends with '/', like '/_protected_media/'.");
        var errors = new List<string>();
        CheckPrefixes("Media:PrivatePrefixes", o.EffectivePrivatePrefixes, errors);
        CheckPrefixes("Media:ImmutablePrefixes", o.EffectiveImmutablePrefixes, errors);

        if (!string.IsNullOrEmpty(o.SigningKey) && MediaSigningKey.TryDecode(o.SigningKey) is null)
            errors.Add("Media:SigningKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`).");

        if (string.IsNullOrEmpty(o.SigningKey))
        {
            var keyFile = MediaSigningKey.ResolveKeyFile(o, env);
            var root = media.Value.RootPath;
            if (root.Length > 0 && keyFile.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                errors.Add($"Media:SigningKeyFile '{keyFile}' is inside Media:Root, where it could be downloaded; move it out (default 'data/media-signing.key').");
        }

        if (o.SignedUrlLifetime <= TimeSpan.Zero)
            errors.Add($"Media:SignedUrlLifetime {o.SignedUrlLifetime} must be positive (e.g. '01:00:00').");

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckPrefixes(string setting, IReadOnlyList<string> prefixes, List<string> errors)
    {
        foreach (var prefix in prefixes)
        {
            // A prefix without '/' would also match siblings: 'reports' covers 'reports_public/'.
            if (!prefix.EndsWith('/') || !MediaNameRules.IsValid(prefix.TrimEnd('/')))
                errors.Add($"{setting} entry '{prefix}' must be a relative folder name ending with '/' (e.g. 'reports_save/').");
        }
    }
}
