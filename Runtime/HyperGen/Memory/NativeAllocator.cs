using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace HyperGen.Memory;

/// <summary>
/// Opt-in tuning of glibc's allocator for TorchSharp on Linux, with a bounded memory cost, and the numbers to check
/// it (resident and peak resident memory). libtorch allocates CPU tensors with glibc's malloc; by default every
/// block of 32 MiB or more (128 KiB before the first large free) is mapped fresh and unmapped on free, so each
/// large temporary or gradient page-faults all its pages in again. Measured on this repository's benchmark model
/// and compare sample in docs/benchmarks/train-step.md, which also says why the runtime never does this on its own.
/// </summary>
public static class NativeAllocator
{
    /// <summary>128 MiB: above the largest gradient of the samples' 784-300-100-10 hypernet (94 MB), yet bounded.</summary>
    public const long DefaultKeepBytes = 128L << 20;

    const int M_TRIM_THRESHOLD = -1;
    const int M_MMAP_THRESHOLD = -3;

    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    static extern int MallOpt(int param, int value);

    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    static extern int MallocTrim(nuint pad);

    /// <summary>The threshold set by <see cref="KeepFreedBlocks"/> in this process, or null.</summary>
    public static long? KeptBytes { get; private set; }

    /// <summary>
    /// Lets glibc keep freed blocks of up to <paramref name="bytes"/> in its heap for reuse instead of unmapping them
    /// (<c>M_MMAP_THRESHOLD</c>), and return free memory at the top of the heap only beyond <paramref name="bytes"/>
    /// (<c>M_TRIM_THRESHOLD</c>). Larger blocks are still mapped and returned at once, so the heap holds at most about
    /// <paramref name="bytes"/> of free memory at its top. Process-wide; call it once at start-up.
    /// </summary>
    /// <returns>
    /// True when applied. False, changing nothing, off Linux, without glibc, or when the user already chose with glibc's
    /// own variables <c>MALLOC_MMAP_THRESHOLD_</c> / <c>MALLOC_TRIM_THRESHOLD_</c> (those win).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bytes"/> is negative or above <see cref="int.MaxValue"/> (mallopt takes an int).</exception>
    public static bool KeepFreedBlocks(long bytes = DefaultKeepBytes)
    {
        if (bytes < 0 || bytes > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes,
                $"bytes must be between 0 and {int.MaxValue} (mallopt takes an int); got {bytes.ToString(CultureInfo.InvariantCulture)}.");
        if (!OperatingSystem.IsLinux() || UserChoseThresholds)
            return false;
        try
        {
            if (MallOpt(M_MMAP_THRESHOLD, (int)bytes) != 1 || MallOpt(M_TRIM_THRESHOLD, (int)bytes) != 1)
                return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl or another libc without mallopt: keep its defaults
        }
        KeptBytes = bytes;
        return true;
    }

    /// <summary>Whether glibc's own environment variables already set the thresholds.</summary>
    public static bool UserChoseThresholds =>
        Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null ||
        Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null;

    /// <summary>
    /// Returns free heap memory to the operating system (<c>malloc_trim(0)</c>, which also releases free pages inside
    /// the heap). Call it between training runs or epochs when resident memory matters.
    /// </summary>
    /// <returns>True when memory was released; false when there was none, or off Linux/glibc.</returns>
    public static bool Trim()
    {
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The process's resident memory now (<c>VmRSS</c>), in bytes; null where /proc is not available.</summary>
    public static long? ResidentBytes() => ReadStatus("VmRSS:");

    /// <summary>The process's peak resident memory so far (<c>VmHWM</c>), in bytes; null where /proc is not available.</summary>
    public static long? PeakResidentBytes() => ReadStatus("VmHWM:");

    static long? ReadStatus(string field)
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith(field, StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
        }
        return null;
    }
}
