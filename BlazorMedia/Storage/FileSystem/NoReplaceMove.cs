using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace BlazorMedia.Storage.FileSystem;

/// <summary>The few POSIX calls .NET does not expose: a rename that never replaces, directory fsync and realpath.
/// .NET's <c>File.Move(overwrite: false)</c> checks and then renames on Linux when link() is unavailable, which a
/// racing writer can slip between; renameat2(RENAME_NOREPLACE) and link() decide in the kernel.</summary>
internal static partial class NoReplaceMove
{
    private const int AtFdCwd = -100;
    private const uint RenameNoReplace = 1;
    private const int EPerm = 1, ENoEnt = 2, EXDev = 18, EExist = 17, EInval = 22, EMLink = 31, ENoSys = 38, EOpNotSupp = 95;

    /// <summary>Moves <paramref name="source"/> to <paramref name="destination"/> in one step; false when the
    /// destination already exists (nothing moved).</summary>
    public static bool TryMove(string source, string destination)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Windows' MoveFileEx without REPLACE_EXISTING is an atomic no-clobber rename; other Unixes get .NET's
            // own link()-first strategy.
            try { File.Move(source, destination, overwrite: false); return true; }
            catch (IOException) when (Path.Exists(destination)) { return false; }
        }

        if (renameat2(AtFdCwd, source, AtFdCwd, destination, RenameNoReplace) == 0) return true;
        var error = Marshal.GetLastPInvokeError();
        if (error == EExist) return false;
        if (error is not (EInval or ENoSys or EOpNotSupp)) throw ErrnoException(error, destination);

        // File systems without RENAME_NOREPLACE (some network mounts): link() also refuses an existing name.
        if (link(source, destination) != 0)
        {
            error = Marshal.GetLastPInvokeError();
            if (error == EExist) return false;
            throw ErrnoException(error, destination);
        }
        File.Delete(source);
        return true;
    }

    /// <summary>Gives <paramref name="source"/> the second name <paramref name="destination"/> with link(), which the
    /// kernel refuses when the name exists: a create-only move of a file whose owner unlinks its own name afterwards
    /// (a delete-on-close spool), with no byte copied. <see cref="LinkResult.Unsupported"/> when the two are on
    /// different file systems, the file system has no hard links, or off Linux: the caller copies instead.</summary>
    public static LinkResult TryLink(string source, string destination)
    {
        if (!OperatingSystem.IsLinux()) return LinkResult.Unsupported;
        if (link(source, destination) == 0) return LinkResult.Linked;
        var error = Marshal.GetLastPInvokeError();
        return error switch
        {
            EExist => LinkResult.Taken,
            EPerm or EXDev or EMLink or ENoSys or EOpNotSupp => LinkResult.Unsupported,
            ENoEnt when !File.Exists(source) => throw new FileNotFoundException($"No local file '{source}' to store.", source),
            _ => throw ErrnoException(error, destination),
        };
    }

    /// <summary>fsync: the bytes of an open file (any access mode) reach the disk before this returns.</summary>
    public static void FlushFile(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux()) return;
        if (fsync(file) != 0) throw ErrnoException(Marshal.GetLastPInvokeError(), "flush");
    }

    /// <summary>Makes a finished rename survive a power cut: the new directory entry is only durable once the
    /// directory itself is flushed.</summary>
    public static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = open(directory, 0 /* O_RDONLY */);
        if (fd < 0) return; // Durability is best effort here; the bytes themselves were already fsync'ed.
        try { fsync(fd); }
        finally { close(fd); }
    }

    /// <summary>The canonical path (symlinks resolved), or null when it does not exist or off Linux.</summary>
    public static string? RealPath(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var resolved = realpath(path, 0);
        if (resolved == 0) return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { free(resolved); }
    }

    private static IOException ErrnoException(int errno, string path) =>
        new($"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}) moving to '{path}'");

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int renameat2(int oldDirFd, string oldPath, int newDirFd, string newPath, uint flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string oldPath, string newPath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(SafeFileHandle fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint realpath(string path, nint resolved);

    [LibraryImport("libc")]
    private static partial void free(nint pointer);
}

/// <summary>What <see cref="NoReplaceMove.TryLink"/> did.</summary>
internal enum LinkResult
{
    Linked,
    /// <summary>The destination exists; nothing changed.</summary>
    Taken,
    /// <summary>No hard link possible here (another file system, none supported, not Linux); nothing changed.</summary>
    Unsupported,
}
