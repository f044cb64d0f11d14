using System;
using System.IO;
using System.Runtime.InteropServices;

namespace HyperGen;

/// <summary>
/// Replaces a file whole or not at all — the one place HyperGen writes user files (checkpoints, optimiser state): the
/// content goes to a hidden temporary file beside the target, is flushed to disk, and is renamed over the target. A
/// failed or interrupted write leaves the previous file byte-for-byte and no temporary file behind; every error names
/// the user's path, never the temporary one.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="path"/> through <paramref name="write"/>. A symbolic link is followed (the file it points to
    /// is replaced, the link stays); an existing file's Unix permissions are kept.
    /// </summary>
    /// <param name="path">The user's path.</param>
    /// <param name="what">What is saved, for messages: "the checkpoint".</param>
    /// <param name="write">Writes the whole content to the stream it is given (and must not close it).</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist, or is a file.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    /// <exception cref="IOException">The path is a folder, or writing failed (the disk is full…).</exception>
    public static void Write(string path, string what, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new IOException($"Cannot save {what} to '{path}': that is a folder. Nothing was written.");
        if (new FileInfo(full).LinkTarget is not null && File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target)
            full = target.FullName;
        if (SpecialFileKind(full) is { } kind)
            throw new IOException($"Cannot save {what} to '{path}': it is a {kind}, not a regular file. A save replaces the file whole " +
                                  $"(a new file is renamed over it), which would replace the {kind} itself; give the path of a regular file. Nothing was written.");
        string folder = Path.GetDirectoryName(full)!;
        if (File.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot save {what} to '{path}': '{folder}' is a file, not a folder. Nothing was written.");
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"Cannot save {what} to '{path}': the folder '{folder}' does not exist. Nothing was written.");

        // Hidden, beside the target (a rename is atomic only within one file system), short enough for any name.
        string name = Path.GetFileName(full);
        string temp = Path.Combine(folder, $".{name[..Math.Min(name.Length, 64)]}.{Guid.NewGuid().ToString("N")[..12]}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows() && File.Exists(full))
                File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string message = $"Cannot save {what} to '{path}': {e.Message.Replace(temp, full, StringComparison.Ordinal)} " +
                             $"Any previous file there is unchanged.";
            throw e switch
            {
                UnauthorizedAccessException => new UnauthorizedAccessException(message, e),
                DirectoryNotFoundException => new DirectoryNotFoundException(message, e),
                PathTooLongException => new PathTooLongException(message, e),
                _ => new IOException(message, e) { HResult = e.HResult },
            };
        }
        finally
        {
            try { File.Delete(temp); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the write's own error matters more
        }
    }

    /// <summary>
    /// What is at <paramref name="path"/> if it exists and is not a regular file (a device, a pipe, a socket), else null.
    /// Renaming over such a path replaces the node itself: as root, saving to <c>/dev/null</c> would turn the machine's
    /// /dev/null into a checkpoint file. .NET exposes no file types, so this asks the runtime's own stat shim, whose
    /// <c>FileStatus</c> begins with two 32-bit fields, flags and the mode with the <c>S_IFMT</c> bits.
    /// </summary>
    static string? SpecialFileKind(string path)
    {
        if (OperatingSystem.IsWindows())
            return null;
        Span<byte> status = stackalloc byte[256]; // larger than FileStatus in any .NET version
        try
        {
            if (Stat(path, ref MemoryMarshal.GetReference(status)) != 0)
                return null; // nothing there (or not reachable): nothing would be replaced
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return (MemoryMarshal.Read<int>(status[4..]) & 0xF000) switch
        {
            0x8000 or 0x4000 => null,                 // a regular file; a folder is refused before
            0x2000 => "character device",
            0x6000 => "block device",
            0x1000 => "pipe (FIFO)",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", CharSet = CharSet.Ansi, ExactSpelling = true)]
    static extern int Stat(string path, ref byte status);
}
