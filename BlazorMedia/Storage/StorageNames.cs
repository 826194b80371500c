using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace BlazorMedia.Storage;

/// <summary>The name rules of <see cref="IFileStorage"/> in one place, so every backend refuses the same names with
/// the same message: <c>Storage name '{name}' refused: {rule}.</c></summary>
public static class StorageNames
{
    /// <summary>Names of in-flight writes on backends that write under a temp name first (file system, SFTP). Refused
    /// as names, hidden from listings.</summary>
    public const string TempFilePrefix = ".bm-tmp-";

    /// <summary>Longest name, in characters: the catalog's name column (<c>StoredFile.Name</c>) holds 512.</summary>
    public const int MaxNameLength = 512;

    /// <summary>Longest segment, in UTF-8 bytes: Linux' NAME_MAX, so a valid name is always a valid file name.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Throws <see cref="StorageException"/> when <paramref name="name"/> breaks a rule.</summary>
    public static void Validate(string name)
    {
        if (FindBrokenRule(name) is { } rule)
            throw Refused(name, rule);
    }

    /// <summary>The rule <paramref name="name"/> breaks (e.g. <c>it contains a '..' segment</c>), or null when valid.</summary>
    public static string? FindBrokenRule(string name)
    {
        // Order matters: the first rule that applies is the one reported, and tests pin the messages.
        if (name.Length == 0) return "it is empty";
        foreach (var c in name)
            if (char.IsControl(c)) return $"it contains the control character U+{(int)c:X4}";
        if (!IsWellFormedUtf16(name)) return "it is not valid Unicode (a lone surrogate)";
        if (name.Length > MaxNameLength) return $"it is longer than {MaxNameLength} characters";
        if (name.Contains('\\')) return "it contains a '\\'; use '/' between segments";
        if (name[0] == '/') return "it starts with '/'; names are relative";
        if (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':') return "it starts with a drive letter";
        // On Windows 'report.pdf:x' writes an NTFS alternate stream, invisible to listings and size checks.
        if (name.Contains(':')) return "it contains ':'";
        foreach (var segment in name.Split('/'))
        {
            if (segment.Length == 0) return "it contains an empty segment";
            if (segment == ".") return "it contains a '.' segment";
            if (segment == "..") return "it contains a '..' segment";
            if (Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
                return $"it has a segment longer than {MaxSegmentBytes} bytes";
        }
        return null;
    }

    /// <summary>Django's <c>get_valid_filename</c>, keeping letters of every script: trims, turns spaces into
    /// <c>_</c>, drops everything but letters, digits, marks and <c>-_.</c>, and drops leading dots (a hidden
    /// <c>.htaccess</c> is never what a user meant to upload). Refuses a result of '', '.' or '..'.</summary>
    public static string GetValidFilename(string name)
    {
        var valid = Sanitize(name);
        if (valid.Length == 0)
            throw Refused(name, "no valid file name can be derived from it");
        return valid;
    }

    /// <summary><see cref="GetValidFilename"/> without the refusal: "" when nothing usable is left.</summary>
    internal static string Sanitize(string name)
    {
        var text = name.Trim().Normalize(NormalizationForm.FormC);
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == ' ') sb.Append('_');
            else if (rune.Value is '-' or '_' or '.' || Rune.IsLetterOrDigit(rune) || IsMark(rune)) sb.Append(rune.ToString());
        }
        return sb.ToString().TrimStart('.');
    }

    /// <summary>Splits <c>report.final.PDF</c> into <c>report.final</c> and <c>.PDF</c>; <c>.tar.gz</c> stays whole
    /// so a shortened or suffixed name still opens with the right tool.</summary>
    public static (string Stem, string Extension) SplitExtension(string fileName)
    {
        var dot = fileName.LastIndexOf('.');
        if (dot <= 0) return (fileName, "");
        var stem = fileName[..dot];
        if (stem.EndsWith(".tar", StringComparison.OrdinalIgnoreCase) && stem.Length > 4)
            dot -= 4;
        return (fileName[..dot], fileName[dot..]);
    }

    /// <summary>Builds <c>{directory}/{stem}{extension}</c>, shortening only the stem (whole text elements, so no
    /// character is cut in half) until the name fits <paramref name="maxLength"/> characters and its file segment
    /// fits <see cref="MaxSegmentBytes"/>. Django's <c>max_length</c> truncation in <c>get_available_name</c>.</summary>
    public static string Fit(string directory, string stem, string extension, int maxLength, string nameForMessage)
    {
        var prefix = directory.Length == 0 ? "" : directory + "/";
        var elements = StringInfo.GetTextElementEnumerator(stem);
        var boundaries = new List<int>();
        while (elements.MoveNext()) boundaries.Add(elements.ElementIndex);
        boundaries.Add(stem.Length);

        for (var i = boundaries.Count - 1; i > 0; i--)
        {
            var fileName = stem[..boundaries[i]] + extension;
            if (prefix.Length + fileName.Length <= maxLength && Encoding.UTF8.GetByteCount(fileName) <= MaxSegmentBytes)
                return prefix + fileName;
        }
        throw Refused(nameForMessage, $"it cannot be shortened to {maxLength} characters while keeping its folder and extension");
    }

    /// <summary>How many random suffixes are tried for one taken name before giving up (storage and catalog alike).</summary>
    public const int MaxNameAttempts = 100;

    /// <summary>Django's <c>get_alternative_name</c>: <c>{stem}_{7 random [a-zA-Z0-9]}{extension}</c>, the stem
    /// shortened when the result would exceed <paramref name="maxLength"/>.</summary>
    public static string WithRandomSuffix(string name, int maxLength)
    {
        var (directory, fileName) = SplitDirectory(name);
        var (stem, extension) = SplitExtension(fileName);
        var suffix = "_" + RandomNumberGenerator.GetString(SuffixAlphabet, 7);
        // Shorten the stem, never the suffix: the suffix is what makes the name free.
        return Fit(directory, stem, suffix + extension, maxLength, name);
    }

    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>Combines a folder and a name; "" is the root.</summary>
    public static string Join(string directory, string fileName) => directory.Length == 0 ? fileName : directory + "/" + fileName;

    /// <summary>Splits <c>a/b/c.txt</c> into <c>a/b</c> and <c>c.txt</c>.</summary>
    public static (string Directory, string FileName) SplitDirectory(string name)
    {
        var slash = name.LastIndexOf('/');
        return slash < 0 ? ("", name) : (name[..slash], name[(slash + 1)..]);
    }

    public static StorageException Refused(string name, string rule) =>
        new(name, $"Storage name '{Display(name)}' refused: {rule}.");

    public static StorageException Failed(string name, string operation, Exception inner) =>
        new(name, $"Storage could not {operation} '{Display(name)}': {inner.Message}", inner);

    /// <summary>The name as it may appear in a message or log: control characters escaped, so a hostile name cannot
    /// forge log lines.</summary>
    public static string Display(string name)
    {
        if (!name.Any(char.IsControl)) return name;
        var sb = new StringBuilder(name.Length + 8);
        foreach (var c in name)
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:X4}" : c);
        return sb.ToString();
    }

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static bool IsWellFormedUtf16(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }
}
