namespace BlazorMedia.Catalog;

/// <summary>The one folding rule behind every case-insensitive sort and prefix search (file names, profile names), so
/// a search and the indexed column it seeks always agree.</summary>
public static class SearchText
{
    /// <summary>Case- and width-insensitive form of a name: NFKC, lower-cased invariantly, trimmed.</summary>
    public static string Fold(string name) => name.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToLowerInvariant();
}
