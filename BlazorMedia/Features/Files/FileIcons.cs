using BlazorMedia.Catalog;
using MudBlazor;

namespace BlazorMedia.Features.Files;

/// <summary>How a file is shown in words and icons.</summary>
public static class FileIcons
{
    public static string For(FileItem item) =>
        item.IsImage ? Icons.Material.Filled.Image : item.IsPdf ? Icons.Material.Filled.PictureAsPdf : Icons.Material.Filled.Description;

    /// <summary>"Avatar of profile “Ann”", "Report file of profile “Ann”", joined when several.</summary>
    public static string UsedBy(IReadOnlyList<FileUse> uses) =>
        string.Join("; ", uses.Select(u => $"{char.ToUpperInvariant(u.Field[0])}{u.Field[1..]} of {u.Holder} “{u.HolderName}”"));
}
