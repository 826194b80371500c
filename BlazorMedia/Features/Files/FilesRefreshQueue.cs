namespace BlazorMedia.Features.Files;

/// <summary>What a Files page must reload after a change somewhere.</summary>
[Flags]
public enum FilesRefresh
{
    None = 0,
    Tree = 1,
    Page = 2,
}

/// <summary>Runs a page's refreshes one at a time and folds every change that arrives during a refresh into one
/// more refresh after it. Without it, each change started its own reload: two reloads interleaved at every await,
/// each anchored on rows the other was replacing, and a 200-file folder dropped elsewhere cost a watching page 400
/// reloads. Not thread-safe: call it from the circuit's context only (<c>InvokeAsync</c>).</summary>
public sealed class FilesRefreshQueue(Func<FilesRefresh, Task> refresh)
{
    private FilesRefresh _pending;
    private bool _running;

    /// <summary>Asks for <paramref name="needs"/>. If a refresh is running, returns at once: the running loop does
    /// one more pass for everything asked meanwhile. A refresh that throws ends the loop and the exception reaches
    /// the caller that started it; what was asked meanwhile stays pending for the next request.</summary>
    public async Task RequestAsync(FilesRefresh needs)
    {
        _pending |= needs;
        if (_running || _pending == FilesRefresh.None) return;
        _running = true;
        try
        {
            while (_pending != FilesRefresh.None)
            {
                var next = _pending;
                _pending = FilesRefresh.None;
                await refresh(next);
            }
        }
        finally
        {
            _running = false;
        }
    }
}
