#!/usr/bin/env python3
"""How to keep the final fsync of a spooled upload short: writes SIZE MiB in 64 KiB chunks at RATE MB/s (what a
browser upload brings; 0 = as fast as the disk takes it) into FOLDER, then fsyncs, with each write-behind strategy
Spooling/WriteBehind.cs could use, every WINDOW MiB:
  none        page cache only (the final fsync writes everything)
  sfr         sync_file_range(WRITE) on the window just written (start writeback, never wait)
  sfr-wait    sfr, then sync_file_range(WAIT_BEFORE|WRITE|WAIT_AFTER) on the window before
  fdatasync   fdatasync every window, the writer waiting for each (what the app does)
Prints medians of ROUNDS rounds: total MB/s and the final fsync in ms.
Usage: bench/write-behind.py FOLDER [SIZE=256] [WINDOW=8] [RATE=300] [ROUNDS=5]"""
import ctypes, os, statistics, sys, time

libc = ctypes.CDLL("libc.so.6", use_errno=True)
libc.sync_file_range.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
WAIT_BEFORE, WRITE, WAIT_AFTER = 1, 2, 4


def sync_range(fd, offset, count, flags):
    if libc.sync_file_range(fd, offset, count, flags) != 0:
        raise OSError(ctypes.get_errno(), "sync_file_range")


def run(folder, mode, size, window, rate):
    chunk = os.urandom(64 << 10)
    path = os.path.join(folder, f"bm-write-behind-{os.getpid()}")
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        start = time.perf_counter()
        written = started = 0
        while written < size:
            written += os.write(fd, chunk)
            if rate:
                ahead = written / rate - (time.perf_counter() - start)
                if ahead > 0:
                    time.sleep(ahead)
            if written - started < window:
                continue
            if mode in ("sfr", "sfr-wait"):
                sync_range(fd, started, written - started, WRITE)
                if mode == "sfr-wait" and started >= window:
                    sync_range(fd, started - window, window, WAIT_BEFORE | WRITE | WAIT_AFTER)
            elif mode == "fdatasync":
                os.fdatasync(fd)
            started = written
        before_fsync = time.perf_counter()
        os.fsync(fd)
        end = time.perf_counter()
        return size / (end - start) / 1e6, (end - before_fsync) * 1000
    finally:
        os.close(fd)
        os.unlink(path)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    folder = sys.argv[1]
    size, window, rate, rounds = (int(a) for a in (sys.argv[2:] + ["256", "8", "300", "5"][len(sys.argv) - 2:])[:4])
    modes = ["none", "sfr", "sfr-wait", "fdatasync"]
    results = {m: [] for m in modes}
    for _ in range(rounds):
        for mode in modes:  # interleaved, so a load change on a shared machine hits every mode alike
            results[mode].append(run(folder, mode, size << 20, window << 20, rate * 1e6))
    print(f"{size} MiB at {rate or 'full'} MB/s, window {window} MiB, {rounds} rounds, load {os.getloadavg()[0]:.1f}")
    print("| strategy | MB/s | final fsync ms |\n|---|---|---|")
    for mode in modes:
        print(f"| {mode} | {statistics.median(r[0] for r in results[mode]):.0f} | {statistics.median(r[1] for r in results[mode]):.0f} |")


main()
