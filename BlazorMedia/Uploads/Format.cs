using System.Globalization;

namespace BlazorMedia.Uploads;

/// <summary>Human-readable sizes for messages and pages.</summary>
public static class Format
{
    /// <summary>Human size for messages: "512 bytes", "2.5 MB", "10 MB" (decimal-free when whole).</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["bytes", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? $"{bytes} {(bytes == 1 ? "byte" : "bytes")}"
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(value, 1):0.#} {units[unit]}");
    }
}
