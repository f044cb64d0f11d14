using System;
using System.Globalization;
using System.IO;

namespace HyperGen.Samples.Training;

/// <summary>The process's peak resident memory, as the samples report it next to their wall time.</summary>
public static class PeakMemory
{
    /// <summary>
    /// The high-water mark of resident memory (<c>VmHWM</c> in <c>/proc/self/status</c>, Linux) in bytes: native
    /// (libtorch) memory included, which the .NET GC does not see. Null where /proc is not available.
    /// </summary>
    public static long? ResidentBytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
            return null;
        foreach (var line in File.ReadLines(status))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var parts = line["VmHWM:".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : null;
            }
        return null;
    }

    /// <summary><c>1.23 GB</c> / <c>456 MB</c> (decimal units).</summary>
    public static string Format(long bytes) => bytes >= 1_000_000_000
        ? (bytes / 1e9).ToString("F2", CultureInfo.InvariantCulture) + " GB"
        : (bytes / 1e6).ToString("F0", CultureInfo.InvariantCulture) + " MB";
}
