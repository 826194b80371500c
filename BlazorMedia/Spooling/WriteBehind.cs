using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BlazorMedia.Spooling;

/// <summary>Write-behind for a file written front to back that will be fsync'ed at the end: fdatasync every
/// <see cref="Window"/> bytes, so the disk works while bytes still arrive and the final fsync has only the last window
/// left. <c>bench/write-behind.py</c> measured it against sync_file_range (starting writeback of each window, with and
/// without waiting for the one before) on this machine kind: at the rate a browser upload brings (300 MB/s) fdatasync
/// is as fast or faster and leaves a final fsync of ~4 ms against ~110 ms (sync_file_range never commits the file's
/// metadata, so the final fsync still waits for the journal); only a writer faster than the disk loses by it, which
/// an upload is not. Off Linux, or where the call is refused, it does nothing: the final fsync still makes the file
/// durable.</summary>
internal sealed partial class WriteBehind
{
    private readonly Func<int> _flush;
    private long _flushed;
    private bool _unsupported;

    public WriteBehind(SafeFileHandle file, long window) : this(window, () => fdatasync(file), !OperatingSystem.IsLinux()) { }

    /// <param name="flush">fdatasync of the file: 0 on success.</param>
    internal WriteBehind(long window, Func<int> flush, bool unsupported = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        Window = window;
        _flush = flush;
        _unsupported = unsupported;
    }

    public long Window { get; }

    /// <summary>Call after each write with the file's length so far.</summary>
    public void Written(long length)
    {
        if (_unsupported || length - _flushed < Window) return;
        // Refused (a file system without it): stop asking; the final fsync alone makes the file durable.
        if (_flush() != 0) { _unsupported = true; return; }
        _flushed = length;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(SafeFileHandle fd);
}
