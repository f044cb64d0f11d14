using System.IO;

namespace HyperGen;

/// <summary>
/// Opens a file that a load reads more than once — the whole file is validated before any tensor is read, so the
/// stream must seek. A pipe (<c>&lt;(zcat m.ckpt.gz)</c>, <c>/dev/stdin</c>) cannot, and is read whole into memory first.
/// </summary>
internal static class ReadableFile
{
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
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
