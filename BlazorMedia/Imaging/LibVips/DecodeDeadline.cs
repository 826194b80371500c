using System.Diagnostics;
using NetVips;

namespace BlazorMedia.Imaging.LibVips;

/// <summary>Stops a libvips computation that runs past its budget or whose token is cancelled.
/// <para>Progress signalling, once switched on for an upstream image (the loaded one, or a thumbnail), is inherited by
/// everything downstream, so the "eval" signal fires between tiles of whatever sink pulls the pixels (a save, avg),
/// and killing the watched image makes that sink fail.</para>
/// <para>Limit: the check runs between tiles, so a single long native call (for example libjpeg reading every scan of
/// a progressive JPEG before the first line) finishes before the kill lands; <see cref="ThrowIfDone"/> after each
/// computation is therefore the rule and the kill the best effort.</para></summary>
internal sealed class DecodeDeadline : IDisposable
{
    private readonly Image _watched;
    private readonly DecodeBudget _budget;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ulong _handlerId;

    public DecodeDeadline(Image watched, DecodeBudget budget)
    {
        _watched = watched;
        _budget = budget;
        watched.SetProgress(true);
        _handlerId = watched.SignalConnect(Enums.Signals.Eval, OnEval);
    }

    /// <summary>True once the budget was spent while libvips was computing (the computation then failed).</summary>
    public bool Expired { get; private set; }

    /// <summary>True once the token was cancelled while libvips was computing.</summary>
    public bool Cancelled { get; private set; }

    /// <summary>Throws <see cref="OperationCanceledException"/> or <see cref="TimeoutException"/> when the budget is
    /// spent. libvips only signals between tiles and skips the signal when the work finished before its main thread
    /// got the CPU, so this check after each computation is what makes the budget hold.</summary>
    public void ThrowIfDone()
    {
        if (_budget.CancellationToken.IsCancellationRequested)
        {
            Cancelled = true;
            throw new OperationCanceledException(_budget.CancellationToken);
        }
        if (_clock.Elapsed > _budget.Limit)
        {
            Expired = true;
            throw new TimeoutException($"over the {_budget.Limit} decode budget");
        }
    }

    /// <summary>The outcome of a libvips failure during this deadline: cancelled, over time, or bad data.</summary>
    public Exception Failure(VipsException e, ImageSource source, ImageFormat format)
    {
        if (Cancelled || _budget.CancellationToken.IsCancellationRequested)
            return new OperationCanceledException(_budget.CancellationToken);
        if (Expired || _clock.Elapsed > _budget.Limit)
            return new TimeoutException($"over the {_budget.Limit} decode budget", e);
        return LibVipsEngine.DecodeError(e, source, format);
    }

    private void OnEval(Image image, VipsProgress progress)
    {
        // Called from native code: an exception must never cross back into C.
        try
        {
            if (_budget.CancellationToken.IsCancellationRequested)
                Cancelled = true;
            else if (_clock.Elapsed > _budget.Limit)
                Expired = true;
            else
                return;
            image.SetKill(true);
        }
        catch (Exception e)
        {
            Trace.TraceError($"DecodeDeadline eval handler failed: {e}");
        }
    }

    public void Dispose()
    {
        _watched.SignalHandlerDisconnect(_handlerId);
        _watched.SetProgress(false);
    }
}
