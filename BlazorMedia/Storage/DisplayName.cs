using System.Globalization;
using System.Text;

namespace BlazorMedia.Storage;

/// <summary>The one rule for a file's original name as the browser sent it, applied where the name is received, so the
/// name every page, link, <c>download</c> attribute, header and message shows is the same safe text. The storage name
/// is made apart from it (<see cref="UploadTo"/>, Django's <c>get_valid_name</c>); this is the name a person reads.
/// <list type="bullet">
/// <item>Path parts are dropped: <c>../../etc/passwd</c> → <c>passwd</c>, <c>C:\Users\a\cv.pdf</c> → <c>cv.pdf</c>.</item>
/// <item>Control characters (C0, DEL, C1; but white space, such as a line break, reads as a space), format characters (bidi embeddings, overrides and isolates such as
/// U+202E, which makes <c>invoice‮fdp.exe</c> read as <c>invoiceexe.pdf</c>; zero-width characters), line and
/// paragraph separators are removed (line breaks of any kind read as one space); a lone surrogate (bytes that were not text) becomes U+FFFD.</item>
/// <item>Runs of white space become one space; leading and trailing spaces and dots go.</item>
/// <item>The text is normalised to NFC (one code point sequence per look) and capped at <see cref="MaxLength"/>
/// characters, keeping the extension and never splitting a character.</item>
/// <item>What is left empty becomes <see cref="Fallback"/>.</item>
/// </list></summary>
public static class DisplayName
{
    /// <summary>Longest name kept, in UTF-16 code units (the catalog column holds 255).</summary>
    public const int MaxLength = 255;

    /// <summary>The name of a file whose name had nothing left.</summary>
    public const string Fallback = "upload";

    /// <summary>The safe display form of <paramref name="name"/>; the same input always gives the same output, and a
    /// cleaned name is its own clean form.</summary>
    public static string Clean(string? name)
    {
        if (string.IsNullOrEmpty(name)) return Fallback;
        var text = new StringBuilder(name.Length);
        var pendingSpace = false;
        foreach (var rune in Runes(LastPathPart(name)))
        {
            if (Rune.IsWhiteSpace(rune))
            {
                pendingSpace = text.Length > 0;
                continue;
            }
            if (IsRemoved(rune)) continue;
            if (pendingSpace) text.Append(' ');
            pendingSpace = false;
            text.Append(rune.ToString());
        }
        var cleaned = text.ToString().Normalize(NormalizationForm.FormC).Trim(' ', '.');
        // A drive only shows once what hid it is gone ("..C:x"); dropping it last keeps the rule idempotent.
        while (cleaned.Length >= 2 && cleaned[1] == ':' && char.IsAsciiLetter(cleaned[0]))
            cleaned = cleaned[2..].Trim(' ', '.');
        if (cleaned.Length == 0) return Fallback;
        return cleaned.Length <= MaxLength ? cleaned : Cap(cleaned);
    }

    /// <summary>After the last <c>/</c> or <c>\</c>.</summary>
    private static string LastPathPart(string name) => name[(name.LastIndexOfAny(['/', '\\']) + 1)..];

    /// <summary>Every code point, a lone surrogate read as U+FFFD (kept, and visible: NFC would throw on it).</summary>
    private static IEnumerable<Rune> Runes(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                rune = Rune.ReplacementChar;
            yield return rune;
            i += Math.Max(used, 1);
        }
    }

    private static bool IsRemoved(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
        or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate;

    /// <summary>Shortens the stem so stem + extension fit, at a character boundary.</summary>
    private static string Cap(string name)
    {
        var dot = name.LastIndexOf('.');
        var extension = dot > 0 && name.Length - dot <= 16 ? name[dot..] : "";
        var stem = name[..(name.Length - extension.Length)];
        var keep = MaxLength - extension.Length;
        if (char.IsHighSurrogate(stem[keep - 1])) keep--;
        return stem[..keep].TrimEnd(' ', '.') + extension;
    }
}
