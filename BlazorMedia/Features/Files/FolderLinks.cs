namespace BlazorMedia.Features.Files;

/// <summary>Links to a folder of the Files page: the folder is in the address (<c>files?path=a/b</c>), so every folder
/// can be bookmarked, opened in a tab, and reached with the keyboard like any link.</summary>
public static class FolderLinks
{
    /// <summary>The page's address for <paramref name="path"/> ("" = the top level).</summary>
    public static string Href(string path) => path.Length == 0 ? "files" : $"files?path={Uri.EscapeDataString(path)}";

    /// <summary>The breadcrumb of <paramref name="folder"/>: each ancestor's path and name, the folder last.</summary>
    public static IEnumerable<(string Path, string Name)> Crumbs(string folder)
    {
        if (folder.Length == 0) yield break;
        var segments = folder.Split('/');
        for (var i = 0; i < segments.Length; i++)
            yield return (string.Join('/', segments[..(i + 1)]), segments[i]);
    }
}
