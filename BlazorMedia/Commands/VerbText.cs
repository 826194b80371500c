using System.Globalization;

namespace BlazorMedia.Commands;

/// <summary>How the verbs write numbers, sizes and times: invariant culture, so the same run prints the same text on
/// every machine (tests and scripts read it), and the units a person reads at a glance.</summary>
internal static class VerbText
{
    /// <summary><c>1204</c> → <c>1,204</c>.</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Decimal units with one decimal: <c>812 B</c>, <c>41.2 KB</c>, <c>5.5 MB</c>, <c>3.1 GB</c>.</summary>
    public static string Bytes(long bytes)
    {
        if (bytes < 1000) return FormattableString.Invariant($"{bytes} B");
        string[] units = ["KB", "MB", "GB", "TB"];
        var value = bytes / 1000.0;
        var unit = 0;
        // Rounding to one decimal first, so 999,960 bytes reads "1.0 MB", not "1000.0 KB".
        while (Math.Round(value, 1) >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }
        return FormattableString.Invariant($"{value:0.0} {units[unit]}");
    }

    /// <summary><c>12.4 s</c>.</summary>
    public static string Seconds(TimeSpan elapsed) => FormattableString.Invariant($"{elapsed.TotalSeconds:0.0} s");

    /// <summary>The tail every summary line ends with: <c>; 1,204 files, 3.1 GB checked in 12.4 s</c>.</summary>
    public static string Took(string what, TimeSpan elapsed) => $"; {what} in {Seconds(elapsed)}";

    /// <summary>The plain (redirected) progress line: <c>verify-checksums: 482/1,204 files</c>.</summary>
    public static string Progress(string verb, long done, long total, string unit) => $"{verb}: {Count(done)}/{Count(total)} {unit}";
}
