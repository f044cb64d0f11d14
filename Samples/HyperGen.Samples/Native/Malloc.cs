using System;
using System.Runtime.InteropServices;

namespace HyperGen.Samples.Native;

/// <summary>
/// Tunes glibc's allocator for TorchSharp: a hypernet step allocates tensors of tens of megabytes, which glibc
/// by default maps and unmaps for every allocation (page-faulting each page anew). Raising the mmap and trim
/// thresholds keeps that memory in the heap for reuse. Measured here on the compare sample's 23.5M-parameter
/// hypernet: see docs/samples.md. The cost is that resident memory stays at its peak.
/// </summary>
public static class Malloc
{
    const int M_TRIM_THRESHOLD = -1;
    const int M_MMAP_THRESHOLD = -3;

    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    static extern int MallOpt(int param, int value);

    /// <summary>Whether <see cref="KeepLargeAllocations"/> has been applied in this process.</summary>
    public static bool Applied { get; private set; }

    /// <summary>
    /// Sets <c>M_MMAP_THRESHOLD</c> and <c>M_TRIM_THRESHOLD</c> to 1 GB (both are needed) unless the user set
    /// <c>MALLOC_MMAP_THRESHOLD_</c> / <c>MALLOC_TRIM_THRESHOLD_</c> or <c>HYPERGEN_SAMPLES_MALLOPT=0</c>. Linux/glibc only; a no-op elsewhere.
    /// </summary>
    /// <returns>True when both options were set.</returns>
    public static bool KeepLargeAllocations()
    {
        if (Applied)
            return true;
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable("HYPERGEN_SAMPLES_MALLOPT") == "0")
            return false;
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not null ||
            Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is not null)
            return false;
        try
        {
            const int threshold = 1_000_000_000;
            Applied = MallOpt(M_MMAP_THRESHOLD, threshold) == 1 && MallOpt(M_TRIM_THRESHOLD, threshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Applied = false; // musl or another libc without mallopt: keep the defaults
        }
        return Applied;
    }
}
