using System.Globalization;
using System.Text;

namespace BlazorMedia.Tests.Infrastructure;

/// <summary>Small, valid PDFs written by hand (objects, content streams and a correct cross-reference table), so the
/// browser tests need no PDF library. Each page carries a big "Page N" and a coloured bar whose place depends on N, so
/// two pages never draw the same pixels.</summary>
public static class TestPdfs
{
    /// <summary><paramref name="size"/> bytes that sniff as a PDF (the header) and are random after it: the upload path
    /// checks the type, not the document, so large uploads need no real PDF.</summary>
    public static byte[] Opaque(int size)
    {
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    /// <summary>A letter-size document of <paramref name="pages"/> pages.</summary>
    public static byte[] MultiPage(int pages) => Write(pages, encrypt: false);

    /// <summary>A one-page document with a Standard security handler whose user password is not empty: readers must
    /// ask for the password (the /U entry matches no key derived from "").</summary>
    public static byte[] PasswordProtected() => Write(1, encrypt: true);

    private static byte[] Write(int pages, bool encrypt)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pages).Select(i => $"{4 + 2 * i} 0 R"))}] /Count {pages} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        for (var n = 1; n <= pages; n++)
        {
            var content = string.Create(CultureInfo.InvariantCulture,
                $"0.1 0.3 0.8 rg 72 {700 - 60 * n} 468 40 re f 0 g BT /F1 48 Tf 72 400 Td (Page {n}) Tj ET");
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * (n - 1)} 0 R >>");
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }
        var trailerExtra = "";
        if (encrypt)
        {
            var key = new string('A', 64);
            objects.Add($"<< /Filter /Standard /V 1 /R 2 /O <{key}> /U <{key}> /P -4 >>");
            trailerExtra = $" /Encrypt {objects.Count} 0 R /ID [<{new string('B', 32)}> <{new string('B', 32)}>]";
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R{trailerExtra} >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
