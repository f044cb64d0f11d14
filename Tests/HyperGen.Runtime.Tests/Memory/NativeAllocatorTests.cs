using System;
using HyperGen.Memory;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Memory;

public class NativeAllocatorTests
{
    /// <summary>glibc's initial thresholds (128 KiB), without its dynamic raise: what every test leaves behind.</summary>
    const long GlibcInitial = 128 * 1024;

    [Fact]
    public void With_blocks_kept_freed_memory_stays_resident_until_Trim_returns_it()
    {
        if (!OperatingSystem.IsLinux() || NativeAllocator.UserChoseThresholds)
            return;
        try
        {
            Assert.True(NativeAllocator.KeepFreedBlocks());
            Assert.Equal(NativeAllocator.DefaultKeepBytes, NativeAllocator.KeptBytes);
            var (allocated, freed, trimmed) = ResidentAcrossFreeAndTrim();
            Assert.True(allocated - freed < 40_000_000, $"kept: freeing 100 MB of 1 MB tensors returned {(allocated - freed) / 1e6:F0} MB at once");
            Assert.True(freed - trimmed > 60_000_000, $"Trim() returned only {(freed - trimmed) / 1e6:F0} MB of the 100 MB kept");
        }
        finally
        {
            NativeAllocator.KeepFreedBlocks(GlibcInitial);
        }
    }

    static (long Allocated, long Freed, long Trimmed) ResidentAcrossFreeAndTrim()
    {
        NativeAllocator.Trim();
        var tensors = new TorchSharp.torch.Tensor[100];
        for (int i = 0; i < tensors.Length; i++)
            tensors[i] = ones(250_000); // 1 MB each, every page written
        long allocated = NativeAllocator.ResidentBytes()!.Value;
        foreach (var t in tensors)
            t.Dispose();
        long freed = NativeAllocator.ResidentBytes()!.Value;
        NativeAllocator.Trim();
        return (allocated, freed, NativeAllocator.ResidentBytes()!.Value);
    }

    [Fact]
    public void Glibc_environment_variables_win_over_KeepFreedBlocks()
    {
        if (NativeAllocator.UserChoseThresholds)
            return;
        Environment.SetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_", "1000000");
        try
        {
            Assert.False(NativeAllocator.KeepFreedBlocks());
        }
        finally
        {
            Environment.SetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_", null);
        }
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(int.MaxValue + 1L)]
    public void Thresholds_mallopt_cannot_take_are_refused_with_the_value(long bytes)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NativeAllocator.KeepFreedBlocks(bytes));
        Assert.Equal("bytes", e.ParamName);
        Assert.Contains(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void Resident_memory_is_read_from_proc_and_the_peak_is_at_least_the_current()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(NativeAllocator.ResidentBytes());
            return;
        }
        using var big = ones(50_000_000); // 200 MB touched: both numbers must see it
        long now = NativeAllocator.ResidentBytes()!.Value;
        long peak = NativeAllocator.PeakResidentBytes()!.Value;
        Assert.InRange(now, 200_000_000L, peak);
        NativeAllocator.Trim(); // must not throw, whatever it releases
    }
}
