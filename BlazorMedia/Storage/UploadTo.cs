using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace BlazorMedia.Storage;

/// <summary>What an upload-to rule knows when it names a file.</summary>
/// <param name="OriginalFileName">The name the browser sent; untrusted, may carry a path (<c>C:\fakepath\x.jpg</c>).</param>
/// <param name="Stem">The original name without folder and extension, sanitised; never empty (<c>file</c>).</param>
/// <param name="Extension">Lower-case with its dot (<c>.jpg</c>), or "".</param>
/// <param name="Now">The current time in UTC.</param>
public sealed record UploadToContext(string OriginalFileName, string Stem, string Extension, DateTimeOffset Now);

/// <summary>Django's <c>upload_to</c> for one field: a template such as <c>avatars/{uuid}{ext}</c> or
/// <c>reports_save/{yyyy}/{MM}/</c>, or a delegate. Placeholders: <c>{yyyy}</c>, <c>{MM}</c>, <c>{dd}</c> (UTC, so
/// every server of a farm files an upload in the same folder), <c>{uuid}</c> (32 hex digits), <c>{ext}</c>,
/// <c>{name}</c>. A template ending in <c>/</c> is a folder: the sanitised original name is appended, as Django does
/// with a strftime folder. The result is always a valid storage name.</summary>
public sealed partial class UploadTo
{
    private const string FallbackStem = "file";
    private static readonly string[] Placeholders = ["{yyyy}", "{MM}", "{dd}", "{uuid}", "{ext}", "{name}"];

    private readonly Func<UploadToContext, string> _rule;

    private UploadTo(string description, Func<UploadToContext, string> rule)
    {
        Description = description;
        _rule = rule;
    }

    /// <summary>The template, or <c>delegate</c>; for messages.</summary>
    public string Description { get; }

    /// <summary>A template rule. Throws <see cref="ArgumentException"/> at once (at start-up, where fields are
    /// declared) for an unknown placeholder or a template that cannot yield a valid name.</summary>
    public static UploadTo Template(string template)
    {
        ArgumentException.ThrowIfNullOrEmpty(template);
        foreach (Match match in PlaceholderPattern().Matches(template))
            if (!Placeholders.Contains(match.Value, StringComparer.Ordinal))
                throw new ArgumentException(
                    $"Upload-to template '{template}' has an unknown placeholder '{match.Value}'; use {string.Join(", ", Placeholders)}.",
                    nameof(template));

        var rule = new UploadTo(template, context => Expand(template, context));
        var sample = new UploadToContext("sample.txt", "sample", ".txt", DateTimeOffset.UnixEpoch);
        if (StorageNames.FindBrokenRule(Expand(template, sample)) is { } broken)
            throw new ArgumentException($"Upload-to template '{template}' cannot give a valid storage name: {broken}.", nameof(template));
        return rule;
    }

    /// <summary>A delegate rule (Django's callable <c>upload_to</c>); its result is validated on every call.</summary>
    public static UploadTo Delegate(Func<UploadToContext, string> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new UploadTo("delegate", rule);
    }

    /// <summary>The storage name for an upload. <paramref name="extension"/> is the one to use (best: from the
    /// detected content type, e.g. <c>.webp</c>); null takes it from <paramref name="originalFileName"/>. Throws
    /// <see cref="StorageException"/> when the rule yields an invalid name.</summary>
    public string GenerateName(string originalFileName, string? extension, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(originalFileName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var baseName = originalFileName[(originalFileName.LastIndexOfAny(['/', '\\']) + 1)..];
        var (stem, originalExtension) = StorageNames.SplitExtension(baseName);
        var cleanStem = StorageNames.Sanitize(stem);
        var context = new UploadToContext(originalFileName, cleanStem.Length == 0 ? FallbackStem : cleanStem,
            NormalizeExtension(extension ?? originalExtension), timeProvider.GetUtcNow().ToUniversalTime());

        var name = _rule(context);
        ArgumentNullException.ThrowIfNull(name);
        // A long original name must not make the upload fail: shorten its stem to fit a segment, keeping the extension.
        var (directory, fileName) = StorageNames.SplitDirectory(name);
        var (nameStem, nameExtension) = StorageNames.SplitExtension(fileName);
        var fitted = nameStem.Length == 0 ? name : StorageNames.Fit(directory, nameStem, nameExtension, StorageNames.MaxNameLength, name);
        StorageNames.Validate(fitted);
        return fitted;
    }

    public override string ToString() => Description;

    private static string Expand(string template, UploadToContext c)
    {
        var sb = new StringBuilder(template)
            .Replace("{yyyy}", c.Now.UtcDateTime.ToString("yyyy", CultureInfo.InvariantCulture))
            .Replace("{MM}", c.Now.UtcDateTime.ToString("MM", CultureInfo.InvariantCulture))
            .Replace("{dd}", c.Now.UtcDateTime.ToString("dd", CultureInfo.InvariantCulture))
            .Replace("{uuid}", Guid.NewGuid().ToString("N"))
            .Replace("{ext}", c.Extension)
            .Replace("{name}", c.Stem);
        if (template.EndsWith('/')) sb.Append(c.Stem).Append(c.Extension);
        return sb.ToString();
    }

    /// <summary><c>JPG</c>, <c>.JPG</c> → <c>.jpg</c>, <c>.TAR.GZ</c> → <c>.tar.gz</c>; anything but letters and
    /// digits between the dots is dropped, so a hostile extension (<c>./../x</c>) cannot add segments.</summary>
    private static string NormalizeExtension(string extension)
    {
        var parts = extension.ToLowerInvariant().Split('.')
            .Select(p => string.Concat(p.Where(char.IsAsciiLetterOrDigit)))
            .Where(p => p.Length > 0)
            .ToArray();
        return parts.Length == 0 ? "" : "." + string.Join('.', parts);
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex PlaceholderPattern();
}
