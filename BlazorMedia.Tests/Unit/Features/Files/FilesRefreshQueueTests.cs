using BlazorMedia.Features.Files;

namespace BlazorMedia.Tests.Features.Files;

/// <summary>The library page's live refreshes: one at a time, and a burst of changes during a refresh folds into
/// one more refresh instead of one each (or none).</summary>
public sealed class FilesRefreshQueueTests
{
    private readonly List<FilesRefresh> _runs = [];
    private readonly Queue<TaskCompletionSource> _gates = new();
    private int _running;
    private int _mostAtOnce;

    private async Task RefreshAsync(FilesRefresh needs)
    {
        _runs.Add(needs);
        _mostAtOnce = Math.Max(_mostAtOnce, ++_running);
        var gate = new TaskCompletionSource();
        _gates.Enqueue(gate);
        try
        {
            await gate.Task;
        }
        finally
        {
            _running--;
        }
    }

    private void FinishNext() => _gates.Dequeue().SetResult();

    [Fact]
    public async Task Request_DuringARefresh_FoldsIntoOneMorePassWithEverythingAsked()
    {
        var queue = new FilesRefreshQueue(RefreshAsync);
        var first = queue.RequestAsync(FilesRefresh.Tree);
        // A folder drop elsewhere: many changes while the first refresh waits on the database.
        var later = Enumerable.Range(0, 40).Select(i => queue.RequestAsync(i % 2 == 0 ? FilesRefresh.Page : FilesRefresh.Tree)).ToList();
        later.ShouldAllBe(t => t.IsCompletedSuccessfully);
        _runs.ShouldBe([FilesRefresh.Tree]);

        FinishNext();
        _runs.ShouldBe([FilesRefresh.Tree, FilesRefresh.Tree | FilesRefresh.Page]);
        first.IsCompleted.ShouldBeFalse();
        FinishNext();
        await first;

        _mostAtOnce.ShouldBe(1);
        _runs.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Request_AfterTheLoopEnded_StartsANewRefresh()
    {
        var queue = new FilesRefreshQueue(RefreshAsync);
        var first = queue.RequestAsync(FilesRefresh.Page);
        FinishNext();
        await first;
        var second = queue.RequestAsync(FilesRefresh.Page);
        FinishNext();
        await second;
        _runs.ShouldBe([FilesRefresh.Page, FilesRefresh.Page]);
    }

    [Fact]
    public async Task Request_NothingToRefresh_RunsNothing()
    {
        await new FilesRefreshQueue(RefreshAsync).RequestAsync(FilesRefresh.None);
        _runs.ShouldBeEmpty();
    }

    [Fact]
    public async Task Request_ARefreshThrows_TheStarterSeesItAndWhatWasAskedMeanwhileRunsOnTheNextRequest()
    {
        var calls = new List<FilesRefresh>();
        var fail = new TaskCompletionSource();
        var queue = new FilesRefreshQueue(async needs =>
        {
            calls.Add(needs);
            if (calls.Count == 1) await fail.Task;
        });
        var first = queue.RequestAsync(FilesRefresh.Page);
        await queue.RequestAsync(FilesRefresh.Tree);
        fail.SetException(new InvalidOperationException("database gone"));
        (await Should.ThrowAsync<InvalidOperationException>(first)).Message.ShouldBe("database gone");

        await queue.RequestAsync(FilesRefresh.Page);
        calls.ShouldBe([FilesRefresh.Page, FilesRefresh.Tree | FilesRefresh.Page]);
    }
}
