using System.Globalization;
using System.Text;

namespace BlazorMedia.Tests.Fuzz;

/// <summary>Generated hostile input for the fuzz lane: names, bytes, header values and query strings built from the
/// pieces attacks are made of (traversal, encodings, controls, bidi marks, lone surrogates, huge numbers) mixed with
/// random code points. One seeded <see cref="Random"/> per run, printed, so a failure can be replayed with
/// <c>BLAZORMEDIA_FUZZ_SEED</c>.</summary>
public sealed class FuzzInput(int seed)
{
    private static readonly string[] Pieces =
    [
        "..", "/", "\\", "%2e%2e", "%2f", "%5c", "%00", "%", "%zz", "%u202e", "\u202E", "\u2066", "\u200B", "\uFEFF",
        "\r\n", "\n", "\t", "\0", "\u007F", "\u0085", "\u2028", "C:", "~", "*", "?", "#", "&", "=", "+", " ", ".", ";",
        "\uD800", "\uDC00", "e\u0301", "\U0001F600", "con", "aux", "nul", ".png", ".pdf", ".exe", ".html", ".svg",
        "reports_save", "avatars", "_thumbs", "media", ".bm-tmp-", "bm-spool-", "<script>", "\"", "'", "`",
    ];

    public Random Random { get; } = new(seed);

    public int Seed { get; } = seed;

    /// <summary>The run's seed: <c>BLAZORMEDIA_FUZZ_SEED</c> when set, else a new one.</summary>
    public static FuzzInput Create() =>
        new(int.TryParse(Environment.GetEnvironmentVariable("BLAZORMEDIA_FUZZ_SEED"), CultureInfo.InvariantCulture, out var seed)
            ? seed : Random.Shared.Next());

    /// <summary>How long each fuzz test generates input: <c>BLAZORMEDIA_FUZZ_SECONDS</c>, default 15.</summary>
    public static TimeSpan Budget =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("BLAZORMEDIA_FUZZ_SECONDS"), out var s) ? s : 15);

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];

    public bool Chance(double p) => Random.NextDouble() < p;

    /// <summary>Up to <paramref name="max"/> pieces and code points.</summary>
    public string Text(int max)
    {
        var text = new StringBuilder();
        for (var n = Random.Next(max + 1); n > 0; n--)
        {
            var roll = Random.Next(10);
            if (roll < 4) text.Append(Pick(Pieces));
            else if (roll < 7) text.Append((char)Random.Next('a', 'z' + 1));
            else if (roll < 8) text.Append((char)Random.Next(0, 0x100)); // C0, Latin-1, C1
            else if (roll < 9) text.Append((char)Random.Next(0x2000, 0x2070)); // punctuation, bidi, separators
            else text.Append(char.ConvertFromUtf32(Random.Next(2) == 0 ? Random.Next(0x100, 0xD800) : Random.Next(0x10000, 0x10FFFF)));
        }
        return text.ToString();
    }

    /// <summary>A number as an attacker would write one: huge, negative, padded, fractional, or not one at all.</summary>
    public string Number() => Random.Next(8) switch
    {
        0 => Random.NextInt64().ToString(CultureInfo.InvariantCulture),
        1 => "-" + Random.Next().ToString(CultureInfo.InvariantCulture),
        2 => "99999999999999999999999999",
        3 => "0" + Random.Next(1000).ToString(CultureInfo.InvariantCulture),
        4 => "1e9",
        5 => "",
        6 => Text(3),
        _ => Random.Next(0, 100_000).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Bytes that start like something we accept (or not) and go on at random.</summary>
    public byte[] Bytes(int max, IReadOnlyList<byte[]> starts)
    {
        var start = Chance(0.8) ? Pick(starts) : [];
        var length = Random.Next(max + 1);
        var bytes = new byte[Math.Max(length, Math.Min(start.Length, length + start.Length / 2))];
        Random.NextBytes(bytes);
        start.AsSpan(0, Math.Min(start.Length, bytes.Length)).CopyTo(bytes);
        if (Chance(0.3) && bytes.Length > 8) // flip a few bytes of an otherwise valid file
            for (var i = Random.Next(1, 8); i > 0; i--) bytes[Random.Next(bytes.Length)] ^= (byte)Random.Next(1, 256);
        return bytes;
    }
}
