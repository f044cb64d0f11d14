using System;
using System.IO;

namespace HyperGen;

/// <summary>
/// Opens a file that a load reads more than once — the whole file is validated before any tensor is read, so the
/// stream must seek. A pipe (<c>&lt;(zcat m.ckpt.gz)</c>, <c>/dev/stdin</c>) cannot, and is read whole into memory first.
/// </summary>
internal static class ReadableFile
{
    /// <param name="path">The user's path.</param>
    /// <param name="what">What is read and what stays unchanged, for messages: ("the checkpoint", "The model").</param>
    /// <exception cref="IOException">The file cannot be opened (another process holds it exclusively, a symbolic link loops…): the message names the path.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static Stream Open(string path, (string File, string Target) what)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException and not FileNotFoundException or UnauthorizedAccessException)
        {
            string message = $"Cannot read {what.File} '{path}': {e.Message} {what.Target} was left unchanged.";
            throw e is UnauthorizedAccessException ? new UnauthorizedAccessException(message, e) : new IOException(message, e);
        }
        if (file.CanSeek)
            return file;
        using (file)
        {
            var copy = new MemoryStream();
            file.CopyTo(copy);
            copy.Position = 0;
            return copy;
        }
    }
}
