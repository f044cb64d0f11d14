using System;
using System.Linq;
using HyperGen.Generated.Tests.Models;
using Xunit;
using HyperGen.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests;

/// <summary>
/// InitReport's realised variances against the statistical bands of the foundation tests: calibrated mode
/// within [0.97, 1.03] for the large tensors on 20 seeds, small tensors within ±4·√(2/n); expected mode within
/// the band of the embedding's sampling noise; classical head init far outside.
/// </summary>
public class InitStatisticsTests(ITestOutputHelper output)
{

    [Fact]
    public void Calibrated_MnistHypernet_hits_every_target_for_twenty_seeds()
    {
        double min = double.MaxValue, max = double.MinValue, worstSigmas = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            manual_seed(500 + seed);
            using var model = new MnistHypernet();
            var report = model.InitReport();
            Assert.Equal("hyperfan-in (calibrated)", report.Init);
            foreach (var row in report)
            {
                long n = row.Shape.Aggregate(1L, (a, b) => a * b);
                if (row.Name is "Layer1Weight" or "Layer2Weight")
                {
                    Assert.InRange(row.Ratio, 0.97, 1.03);
                    min = Math.Min(min, row.Ratio);
                    max = Math.Max(max, row.Ratio);
                }
                else
                {
                    Assert.True(SamplingBands.Contains(n, row.Ratio), $"{row.Name}: {row.Ratio:F3} outside {SamplingBands.Of(n)}");
                    worstSigmas = Math.Max(worstSigmas, Math.Abs(row.Ratio - 1) / Math.Sqrt(2.0 / n));
                }
            }
        }
        output.WriteLine($"784×300 and 300×100 realised/target over 20 seeds: [{min:F4}, {max:F4}]; other tensors at most {worstSigmas:F2}·√(2/n) from 1");
    }

    [Fact]
    public void Every_mode_and_variant_lands_on_its_targets()
    {
        manual_seed(11);
        using nn.Module<Tensor, Tensor> a = new BiasFreeHypernet(), b = new HyperfanOutHypernet(), c = new HarmonicConv1dHypernet();
        foreach (var report in new[] { ((BiasFreeHypernet)a).InitReport(), ((HyperfanOutHypernet)b).InitReport(), ((HarmonicConv1dHypernet)c).InitReport() })
        {
            output.WriteLine(report.ToString());
            foreach (var row in report)
            {
                long n = row.Shape.Aggregate(1L, (x, y) => x * y);
                if (row.TargetVariance == 0)
                    Assert.Equal(0.0, row.RealisedVariance);        // hyperfan-out leaves nothing to a narrowing layer's bias
                else
                    Assert.True(SamplingBands.Contains(n, row.Ratio), $"{row.Name}: {row.Ratio:F3} outside {SamplingBands.Of(n)}");
            }
        }
    }

    [Fact]
    public void Expected_mode_is_within_the_embedding_noise_and_classical_heads_are_far_off()
    {
        manual_seed(12);
        using var model = new ExpectedModeHypernet();
        var hyperfan = model.InitReport();
        Assert.Equal("hyperfan-in (expected V_e)", hyperfan.Init);
        // d_k = 64 draws of U(−√3, √3): mean(e²) has relative sd √(0.8/64) ≈ 0.11; four of them plus the head's noise.
        foreach (var row in hyperfan.Where(r => r.Role == HyperGen.TensorRole.Weight))
        {
            Assert.InRange(row.Ratio, 0.5, 1.5);
            Assert.Equal(1.0, row.PredictedVariance / row.TargetVariance, 0.02);   // predicted from the head alone: on target
        }

        HypernetParts.InitHeadsClassically(model, HeadInit.Kaiming);
        var kaiming = model.InitReport();
        output.WriteLine(kaiming.ToString());
        Assert.Equal("Kaiming on heads", kaiming.Init);
        Assert.InRange(kaiming["Layer1Weight"].Ratio, 500, 3000);      // Var(W) ≈ 2 against 2 / (2 · 784)

        HypernetParts.InitHeadsClassically(model, HeadInit.Xavier);
        var xavier = model.InitReport();
        output.WriteLine(xavier.ToString());
        Assert.InRange(xavier["Layer1Weight"].Ratio, 0.2, 0.6);         // ≈ 64 · 2 / 235264 against 2 / 1568 ≈ 0.43
        Assert.True(xavier["Layer3Weight"].Ratio > 3);                  // 64 · 2 / 1064 against 1 / 200 ≈ 24
    }

    [Fact]
    public void ResetParameters_switches_mode_and_calibration_at_runtime()
    {
        manual_seed(13);
        using var model = new MnistHypernet();
        model.ResetParameters(HyperGen.HyperfanMode.Out, calibrate: true);
        var report = model.InitReport();
        Assert.Equal("hyperfan-out (calibrated)", report.Init);
        // hyperfan-out: Var(W) = c / d_i = 2 / 300 for the first layer
        Assert.Equal(2.0 / 300, report["Layer1Weight"].TargetVariance, 12);
        Assert.InRange(report["Layer1Weight"].Ratio, 0.97, 1.03);
        Assert.Equal(0.0, report["Layer1Bias"].TargetVariance);       // 784 → 300 narrows: nothing left for the bias
    }
}
