using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace HyperGen.Benchmarks.TrainStep;

/// <summary>What the benchmark reports about the native allocator: peak RSS, the settings in force, malloc_trim.</summary>
static class Allocator
{
    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    static extern int MallocTrim(nuint pad);

    public static void Trim() => MallocTrim(0);

    /// <summary>VmHWM: the process's peak resident set so far.</summary>
    public static double PeakResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    public static string Describe()
    {
        string[] names = ["MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_ARENA_MAX", "GLIBC_TUNABLES", "THP_MEM_ALLOC_ENABLE"];
        var set = names.Where(n => Environment.GetEnvironmentVariable(n) is not null).Select(n => $"{n}={Environment.GetEnvironmentVariable(n)}").ToArray();
        return set.Length == 0 ? "glibc defaults" : string.Join(" ", set);
    }
}
