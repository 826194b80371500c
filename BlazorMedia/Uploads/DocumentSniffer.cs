using System.IO.Compression;
using System.Text;

namespace BlazorMedia.Uploads;

/// <summary>A content type decided from the bytes, with the extension stored files get for it.</summary>
public sealed record DetectedType(string ContentType, string Extension, string Description);

/// <summary>Decides what a document is from its content (magic bytes, ZIP directory, UTF-8 validity), never from its
/// name or the browser's claim. Only the types listed here are accepted as documents.</summary>
public static class DocumentSniffer
{
    public const string Accepted = "PDF, plain text (TXT, CSV, Markdown), Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument (ODT, ODS)";

    private const int TextSniffBytes = 64 * 1024;

    private static readonly string[] TextExtensions = [".txt", ".csv", ".md"];

    private static readonly (string Entry, DetectedType Type)[] OfficeOpenXml =
    [
        ("word/document.xml", new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word document")),
        ("xl/workbook.xml", new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel workbook")),
        ("ppt/presentation.xml", new("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PowerPoint presentation")),
    ];

    private static readonly Dictionary<string, DetectedType> OpenDocument = new(StringComparer.Ordinal)
    {
        ["application/vnd.oasis.opendocument.text"] = new("application/vnd.oasis.opendocument.text", ".odt", "OpenDocument text"),
        ["application/vnd.oasis.opendocument.spreadsheet"] = new("application/vnd.oasis.opendocument.spreadsheet", ".ods", "OpenDocument spreadsheet"),
    };

    /// <summary>The document type of <paramref name="upload"/>, or an <see cref="UploadRejectedException"/> saying why not.</summary>
    public static DetectedType Detect(SpooledUpload upload)
    {
        if (upload.Length == 0)
            throw new UploadRejectedException(upload.FileName, "is empty.");
        var head = upload.ReadHead(TextSniffBytes);
        if (head.AsSpan().StartsWith("%PDF-"u8))
            return new("application/pdf", ".pdf", "PDF");
        if (head.AsSpan().StartsWith("PK\u0003\u0004"u8))
            return DetectZip(upload);
        if (IsText(head, upload.Length <= head.Length, out var markup))
        {
            if (markup)
                throw new UploadRejectedException(upload.FileName, "contains HTML or SVG markup, which is not accepted as a text document.");
            var ext = Path.GetExtension(upload.FileName).ToLowerInvariant();
            return new(ext == ".csv" ? "text/csv" : ext == ".md" ? "text/markdown" : "text/plain",
                TextExtensions.Contains(ext) ? ext : ".txt", "text");
        }
        throw new UploadRejectedException(upload.FileName, $"is not a document of an accepted type ({Accepted}).");
    }

    private static DetectedType DetectZip(SpooledUpload upload)
    {
        try
        {
            // Reads only the central directory and one tiny entry: nothing is decompressed wholesale (no zip bombs).
            using var stream = upload.OpenRead();
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is not null)
                foreach (var (entry, type) in OfficeOpenXml)
                    if (zip.GetEntry(entry) is not null) return type;
            if (zip.GetEntry("mimetype") is { Length: < 100 } mimetype)
            {
                using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
                if (OpenDocument.TryGetValue(reader.ReadToEnd().Trim(), out var odf)) return odf;
            }
        }
        catch (InvalidDataException)
        {
            throw new UploadRejectedException(upload.FileName, "looks like a ZIP-based document but is corrupt.");
        }
        throw new UploadRejectedException(upload.FileName, $"is a ZIP archive, not a document of an accepted type ({Accepted}).");
    }

    private static bool IsText(byte[] head, bool complete, out bool markup)
    {
        markup = false;
        if (head.AsSpan().IndexOf((byte)0) >= 0) return false;
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var chars = new char[head.Length];
        try
        {
            // flush only when the whole file is here: a cut multi-byte character at the end of the sample is fine.
            var count = decoder.GetChars(head, 0, head.Length, chars, 0, flush: complete);
            var text = new string(chars, 0, count).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
            markup = text.StartsWith('<') && (text.Contains("<html", StringComparison.OrdinalIgnoreCase)
                || text.Contains("<svg", StringComparison.OrdinalIgnoreCase) || text.Contains("<script", StringComparison.OrdinalIgnoreCase)
                || text.StartsWith("<!doctype", StringComparison.OrdinalIgnoreCase));
            return !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
