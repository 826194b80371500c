using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BlazorMedia.Imaging.Native;

/// <summary>Stops a libvips computation that runs past a time limit or whose token is cancelled.
/// <para>Why a signal and not a timer: libvips only honours <c>vips_image_set_kill</c> on the image a sink is
/// evaluating, and every save operation sinks a private copy we never see. Progress signalling, once switched on
/// for an upstream image (here the loaded one), is inherited by everything downstream, and each "eval" signal
/// carries a <c>VipsProgress</c> whose first field is the image being sunk: that is the one we kill.</para>
/// <para>Limit: the check runs between tiles, so a single long native call (for example libjpeg reading every
/// scan of a progressive JPEG before the first line) finishes before the kill lands.</para></summary>
internal sealed unsafe class DecodeDeadline : IDisposable
{
    private readonly VipsImageHandle _watched;
    private readonly TimeSpan _limit;
    private readonly CancellationToken _cancellationToken;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private GCHandle _self;
    private nuint _handlerId;

    public DecodeDeadline(VipsImageHandle watched, TimeSpan limit, CancellationToken cancellationToken)
    {
        _watched = watched;
        _limit = limit;
        _cancellationToken = cancellationToken;
        _self = GCHandle.Alloc(this);
        LibVips.vips_image_set_progress(watched, 1);
        _handlerId = LibVips.g_signal_connect_data(
            watched, "eval", (nint)(delegate* unmanaged<nint, nint*, nint, void>)&OnEval, GCHandle.ToIntPtr(_self), 0, 0);
    }

    /// <summary>True once the limit passed while libvips was computing (the computation then failed).</summary>
    public bool Expired { get; private set; }

    /// <summary>True once the token was cancelled while libvips was computing.</summary>
    public bool Cancelled { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Throws <see cref="OperationCanceledException"/> or <see cref="TimeoutException"/> when the budget is
    /// spent. Called after each computation too: libvips only signals between tiles and skips the signal when the
    /// work finished before its main thread got the CPU, so a kill is best effort and this check is the rule.</summary>
    public void ThrowIfDone()
    {
        if (_cancellationToken.IsCancellationRequested)
        {
            Cancelled = true;
            throw new OperationCanceledException(_cancellationToken);
        }
        if (_clock.Elapsed > _limit)
        {
            Expired = true;
            throw new TimeoutException($"over the {_limit} decode budget");
        }
    }

    [UnmanagedCallersOnly]
    private static void OnEval(nint image, nint* progress, nint data)
    {
        // Never let an exception cross back into C.
        try
        {
            if (GCHandle.FromIntPtr(data).Target is not DecodeDeadline self)
                return;
            if (self._cancellationToken.IsCancellationRequested)
                self.Cancelled = true;
            else if (self._clock.Elapsed > self._limit)
                self.Expired = true;
            else
                return;
            LibVips.vips_image_set_kill(progress[0], 1); // VipsProgress.im: the image being evaluated
        }
        catch (Exception e)
        {
            Trace.TraceError($"DecodeDeadline eval handler failed: {e}");
        }
    }

    public void Dispose()
    {
        if (!_self.IsAllocated)
            return;
        if (!_watched.IsClosed)
        {
            LibVips.g_signal_handler_disconnect(_watched, _handlerId);
            LibVips.vips_image_set_progress(_watched, 0);
        }
        _self.Free();
        GC.KeepAlive(this);
    }
}
