using HyperGen;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Samples.Tests;

/// <summary>The variance the samples' init reports print is the population variance, also for one-element tensors.</summary>
public class ReportTests
{
    [Fact]
    public void VarianceOf_is_the_population_variance()
    {
        using var pair = tensor(new float[] { 1, 3 });
        using var single = tensor(new float[] { 3 });
        Assert.Equal(1.0, InitReport.VarianceOf(pair), 12);     // TorchSharp 0.107's var(unbiased: false) gives 2 here
        Assert.Equal(0.0, InitReport.VarianceOf(single), 12);   // … and NaN here
    }
}
