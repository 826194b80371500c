using System.Diagnostics.CodeAnalysis;

namespace BlazorMedia.Media;

/// <summary>The request-side check of a storage name taken from a URL, run before any backend sees it. It repeats
/// <see cref="Storage.IFileStorage"/>'s name rules and adds URL-specific ones, so the endpoint never depends on a
/// backend getting containment right.</summary>
internal static class MediaNameRules
{
    /// <summary>Longest name accepted; far above what storage generates, low enough to bound work per request.</summary>
    public const int MaxLength = 1024;

    /// <summary>True when <paramref name="name"/> (already percent-decoded once by the server) is a plain relative
    /// storage name: non-empty <c>/</c>-separated segments, none <c>.</c> or <c>..</c>, no leading <c>/</c>, no
    /// <c>\</c>, no control characters, no <c>:</c> (drive letters, NTFS streams) and no <c>%</c>.</summary>
    /// <remarks><c>%</c> is refused because a name that still holds one after the server's decoding was encoded
    /// twice (<c>%252e%252e</c>) or carries an encoded slash (<c>..%2f</c>); storage's valid names never contain it,
    /// and refusing it stops any layer below from decoding a second time into a traversal.</remarks>
    public static bool IsValid([NotNullWhen(true)] string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength) return false;

        var segmentStart = 0;
        for (var i = 0; i <= name.Length; i++)
        {
            if (i == name.Length || name[i] == '/')
            {
                var segment = name.AsSpan(segmentStart, i - segmentStart);
                if (segment.IsEmpty || segment is "." || segment is "..") return false;
                segmentStart = i + 1;
                continue;
            }
            var c = name[i];
            if (char.IsControl(c) || c is '\\' or '%' or ':' || char.IsSurrogate(c) && !IsPairedSurrogate(name, i))
                return false;
        }
        return true;
    }

    // A lone surrogate cannot be encoded as UTF-8 for the HMAC or the file system; a paired one is an ordinary
    // character outside the BMP (emoji in a user's file name).
    private static bool IsPairedSurrogate(string s, int i) =>
        char.IsHighSurrogate(s[i])
            ? i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])
            : i > 0 && char.IsHighSurrogate(s[i - 1]);
}
