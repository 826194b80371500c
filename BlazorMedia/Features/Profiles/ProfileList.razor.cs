using BlazorMedia.Imaging;
using BlazorMedia.Media;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlazorMedia.Features.Profiles;

/// <summary>The public list of profiles, newest first: a server-side grid over <see cref="ProfileService.ListAsync"/>,
/// whose keyset paging keeps every page a user can reach fast at 100,000 profiles. The first page is read while the
/// page prerenders and handed to the circuit ([PersistentState]), so rows are on screen from the first paint and the
/// circuit does not query them again.</summary>
public sealed partial class ProfileList : IDisposable
{
    internal const int PageSize = 20;

    [Inject] private ProfileService Profiles { get; set; } = default!;
    [Inject] private MediaLinks Links { get; set; } = default!;
    [Inject] private ProfileChanges Changes { get; set; } = default!;
    [Inject] private ILogger<ProfileList> Logger { get; set; } = default!;

    /// <summary>The first page in the default order (newest first, no search), read at prerender.</summary>
    [PersistentState] public PrefetchedPage? Prefetched { get; set; }

    private MudDataGrid<ProfileRow>? _grid;
    private string? _search;
    private ProfilePage? _lastPage;
    private (string?, ProfileSort, bool) _lastQuery;
    private IDisposable? _subscription;

    /// <summary>One row of the grid: what it shows, and the keys keyset paging seeks from.</summary>
    public sealed record ProfileRow(int Id, string Name, DateTime Created, string? ThumbnailUrl);

    /// <summary>A page with the rows the grid shows, serializable for <see cref="PersistentStateAttribute"/>.</summary>
    public sealed record PrefetchedPage(ProfilePage Page, List<ProfileRow> Rows);

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive) _subscription = Changes.Subscribe(OnChangedAsync);
        if (Prefetched is null)
        {
            var page = await Profiles.ListAsync(null, ProfileSort.Created, descending: true, 0, PageSize);
            Prefetched = new PrefetchedPage(page, await RowsAsync(page));
        }
    }

    /// <summary>A profile was created, changed or deleted, here or on another instance: the page shown is read again
    /// (fresh, not from the keys of the rows it replaces). Queued on the circuit, never awaited by the publisher.</summary>
    private Task OnChangedAsync(ProfileChange change)
    {
        _ = InvokeAsync(async () =>
        {
            if (_grid is null) return;
            _lastPage = null;
            try
            {
                await _grid.ReloadServerData();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Logger.LogWarning(e, "The profile list could not show a change made elsewhere");
            }
        });
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();

    private async Task SearchAsync(string? value)
    {
        if (value == _search) return;
        _search = value;
        if (_grid is not null) await _grid.ReloadServerData();
    }

    private async Task<GridData<ProfileRow>> LoadAsync(GridState<ProfileRow> state, CancellationToken cancellationToken)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var by = sort?.SortBy == nameof(ProfileRow.Name) ? ProfileSort.Name : ProfileSort.Created;
        var descending = sort?.Descending ?? true;
        var skip = state.Page * state.PageSize;
        if (Prefetched is { } first && skip == 0 && state.PageSize == PageSize && string.IsNullOrWhiteSpace(_search)
            && by == ProfileSort.Created && descending)
        {
            // The circuit's first load: the rows the prerender read. Later loads ask the database.
            Prefetched = null;
            (_lastPage, _lastQuery) = (first.Page, (null, by, descending));
            return new GridData<ProfileRow> { Items = first.Rows, TotalItems = first.Page.Total };
        }
        // The page before/after the one shown is found by key, not by OFFSET: fast at any depth.
        var previous = _lastPage is not null && _lastQuery == (_search, by, descending) ? _lastPage : null;
        var page = await Profiles.ListAsync(_search, by, descending, skip, state.PageSize, previous, cancellationToken);
        (_lastPage, _lastQuery) = (page, (_search, by, descending));
        return new GridData<ProfileRow> { Items = await RowsAsync(page), TotalItems = page.Total };
    }

    private async Task<List<ProfileRow>> RowsAsync(ProfilePage page)
    {
        var rows = new List<ProfileRow>(page.Items.Count);
        foreach (var item in page.Items)
            rows.Add(new ProfileRow(item.Id, item.Name, item.CreatedUtc, item.AvatarSha256 is null || item.AvatarName is null ? null
                : await Links.ThumbnailUrlAsync(item.AvatarName, item.AvatarSha256, ThumbnailAlias.Small)));
        return rows;
    }

    private static string Initials(string name) =>
        string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2).Select(w => char.ToUpperInvariant(w[0])));
}
