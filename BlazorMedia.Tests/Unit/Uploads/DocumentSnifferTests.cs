using System.IO.Compression;
using System.Text;
using BlazorMedia.Uploads;
using Microsoft.Extensions.Options;

namespace BlazorMedia.Tests.Uploads;

public sealed class DocumentSnifferTests
{
    private static readonly UploadSpooler Spooler = new(Options.Create(new UploadsOptions()));

    private static async Task<DetectedType> DetectAsync(string name, byte[] bytes)
    {
        await using var upload = await Spooler.SpoolAsync(new MemoryStream(bytes), name, long.MaxValue, "Report file");
        return DocumentSniffer.Detect(upload);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
                using (var w = new StreamWriter(zip.CreateEntry(name).Open()))
                    w.Write(content);
        return ms.ToArray();
    }

    public static TheoryData<string, byte[], string, string> Accepted => new()
    {
        { "report.pdf", "%PDF-1.7\n1 0 obj\n"u8.ToArray(), "application/pdf", ".pdf" },
        { "renamed.txt", "%PDF-1.4 body"u8.ToArray(), "application/pdf", ".pdf" },
        { "notes.txt", "Quarterly numbers: ünïcødé ✓\n"u8.ToArray(), "text/plain", ".txt" },
        { "data.csv", "a,b\n1,2\n"u8.ToArray(), "text/csv", ".csv" },
        { "notes.exe", "just text"u8.ToArray(), "text/plain", ".txt" },
        { "r.docx", Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx" },
        { "r.xlsx", Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<x/>")), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx" },
        { "r.odt", Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<c/>")), "application/vnd.oasis.opendocument.text", ".odt" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public async Task Detect_AcceptedContent_TypeFromBytes(string name, byte[] bytes, string contentType, string extension)
    {
        var type = await DetectAsync(name, bytes);

        type.ContentType.ShouldBe(contentType);
        type.Extension.ShouldBe(extension);
    }

    public static TheoryData<string, byte[], string> Refused => new()
    {
        { "empty.pdf", [], "empty.pdf is empty." },
        { "page.txt", "<!DOCTYPE html><html><script>alert(1)</script>"u8.ToArray(), "page.txt contains HTML or SVG markup, which is not accepted as a text document." },
        { "logo.txt", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x</script></svg>"u8.ToArray(), "logo.txt contains HTML or SVG markup, which is not accepted as a text document." },
        { "program.pdf", [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0], $"program.pdf is not a document of an accepted type ({DocumentSniffer.Accepted})." },
        { "latin1.txt", Encoding.Latin1.GetBytes("caf\u00e9 cr\u00e8me"), $"latin1.txt is not a document of an accepted type ({DocumentSniffer.Accepted})." },
        { "archive.docx", Zip(("evil.sh", "rm -rf /")), $"archive.docx is a ZIP archive, not a document of an accepted type ({DocumentSniffer.Accepted})." },
        { "broken.docx", [.. "PK\u0003\u0004"u8, 1, 2, 3, 4, 5], "broken.docx looks like a ZIP-based document but is corrupt." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Detect_RefusedContent_MessageNamesFileAndReason(string name, byte[] bytes, string message)
    {
        var e = await Should.ThrowAsync<UploadRejectedException>(() => DetectAsync(name, bytes));

        e.Message.ShouldBe(message);
    }
}
