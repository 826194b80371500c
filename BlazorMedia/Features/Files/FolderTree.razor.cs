using BlazorMedia.Catalog;
using BlazorMedia.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlazorMedia.Features.Files;

/// <summary>The folder tree. It owns its nodes: the top level's folders are read when it first renders, a folder's
/// when it is expanded, and the path to <see cref="Current"/> (and it) is opened so a deep link shows where it is. A new
/// <see cref="Version"/> re-reads every open folder (a change elsewhere), keeping what was expanded.</summary>
public sealed partial class FolderTree
{
    [Inject] private FilesService Files { get; set; } = default!;
    [Inject] private ILogger<FolderTree> Logger { get; set; } = default!;

    /// <summary>Who is looking; the service refuses anyone but an administrator.</summary>
    [Parameter, EditorRequired] public Caller Caller { get; set; } = Caller.Anonymous;

    /// <summary>The folder shown ("" = the top level), or null while the page shows search results or the trash.</summary>
    [Parameter] public string? Current { get; set; }

    /// <summary>Bumped by the page when folders changed: open folders are read again.</summary>
    [Parameter] public int Version { get; set; }

    private List<TreeItemData<string>> _roots = [];
    private int _loadedVersion = -1;
    private string? _openedFor;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedVersion != Version)
        {
            var open = Expanded(_roots).ToHashSet(StringComparer.Ordinal);
            open.Add("");
            var root = new TreeItemData<string> { Value = "", Text = "Media", Expanded = true, Expandable = true };
            try
            {
                root.Children = await NodesAsync("", open);
            }
            catch (Exception e) when (_roots.Count > 0 && e is not (OutOfMemoryException or FilesRefusedException))
            {
                // A re-read after a change failed (the database went away): keep the tree shown rather than end the
                // circuit; the next change (the feed's reset once the database is back) reads it again.
                Logger.LogWarning(e, "The folder tree could not be read again after a change");
                return;
            }
            _loadedVersion = Version;
            _roots = [root];
            _openedFor = null;
        }
        if (Current is { Length: > 0 } current && _openedFor != current)
        {
            // A link or the breadcrumb can land deep inside the tree: open every folder down to the one shown, and it.
            _openedFor = current;
            await OpenPathAsync(current);
        }
    }

    private async Task OpenPathAsync(string path)
    {
        var node = _roots[0];
        foreach (var ancestor in CatalogFolders.WithAncestors(path).Where(p => p.Length > 0).Prepend(""))
        {
            var found = ancestor.Length == 0 ? node : node.Children?.OfType<TreeItemData<string>>().FirstOrDefault(c => c.Value == ancestor);
            if (found is null) return;
            node = found;
            node.Expanded = true;
            node.Children ??= await NodesAsync(ancestor, new HashSet<string>(StringComparer.Ordinal));
        }
    }

    /// <summary>The children of <paramref name="parent"/>, and recursively those of the ones in <paramref name="open"/>.</summary>
    private async Task<IReadOnlyCollection<ITreeItemData<string>>> NodesAsync(string parent, HashSet<string> open)
    {
        var nodes = new List<ITreeItemData<string>>();
        foreach (var folder in await Files.GetFoldersAsync(Caller, parent))
        {
            var node = new TreeItemData<string> { Value = folder.Path, Text = folder.Name, Expandable = folder.HasChildren };
            if (folder.HasChildren && open.Contains(folder.Path))
            {
                node.Expanded = true;
                node.Children = await NodesAsync(folder.Path, open);
            }
            nodes.Add(node);
        }
        return nodes;
    }

    private async Task<IReadOnlyCollection<TreeItemData<string>>> LoadChildrenAsync(string? parent) =>
        [.. (await Files.GetFoldersAsync(Caller, parent ?? ""))
            .Select(f => new TreeItemData<string> { Value = f.Path, Text = f.Name, Expandable = f.HasChildren })];

    private static IEnumerable<string> Expanded(IEnumerable<ITreeItemData<string>> nodes)
    {
        foreach (var node in nodes.Where(n => n.Expanded))
        {
            if (node.Value is { } value) yield return value;
            foreach (var child in Expanded(node.Children ?? [])) yield return child;
        }
    }
}
