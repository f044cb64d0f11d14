using System;
using System.IO;

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
}
