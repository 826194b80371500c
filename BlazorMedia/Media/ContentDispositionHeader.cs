using System.Text;

namespace BlazorMedia.Media;

/// <summary>Builds <c>Content-Disposition</c> per RFC 6266 with an RFC 5987 <c>filename*</c>, so every browser gets
/// a usable name: old ones read the quoted ASCII fallback, current ones the exact UTF-8 name.</summary>
internal static class ContentDispositionHeader
{
    public static string Create(bool inline, string fileName)
    {
        var sb = new StringBuilder(inline ? "inline" : "attachment", 32 + fileName.Length * 4);
        sb.Append("; filename=\"");
        foreach (var rune in fileName.EnumerateRunes())
        {
            // quoted-string allows only printable ASCII; '"' and '\' are escaped rather than dropped.
            if (rune.Value is '"' or '\\') sb.Append('\\').Append((char)rune.Value);
            else if (rune.Value is >= 0x20 and < 0x7F) sb.Append((char)rune.Value);
            else sb.Append('_');
        }
        sb.Append("\"; filename*=UTF-8''");
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in fileName.EnumerateRunes())
        {
            if (rune.IsAscii && IsAttrChar((char)rune.Value))
            {
                sb.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++) sb.Append('%').Append(utf8[i].ToString("X2"));
        }
        return sb.ToString();
    }

    // RFC 5987 attr-char: everything else is percent-encoded.
    private static bool IsAttrChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '&' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
