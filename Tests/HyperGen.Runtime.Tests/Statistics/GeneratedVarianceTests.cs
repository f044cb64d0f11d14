using System;
using System.Linq;
using HyperGen;
using Xunit;
using HyperGen.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Statistics;

/// <summary>
/// hyperfan.md, "What correct means in a test": heads initialised by HyperInit generate mainnet weights at
/// their target variance, inside a band derived from the sample sizes; Xavier and Kaiming on the heads
/// miss it. Real TorchSharp, fixed seeds.
/// </summary>
public class GeneratedVarianceTests(ITestOutputHelper output)
{
    static readonly int[] Mnist = [784, 300, 100, 10];
    static readonly Activation[] MnistActivations = [Activation.ReLU, Activation.ReLU, Activation.Identity];

    /// <summary>
    /// The range of Var(W)/target in expected mode, four standard deviations wide on each factor: the head's
    /// sampling noise (the sample variance of n near-Gaussian values is σ²·χ²_n/n, whose quantiles come from
    /// Wilson–Hilferty, so tiny tensors get their skewed tail) times the embedding's (mean(e²) over d_k draws
    /// of U(−√3, √3): Var(e²) = 9/5 − 1 = 0.8).
    /// </summary>
    internal static (double Low, double High) ExpectedModeBand(long n, int dk)
    {
        var (low, high) = SamplingBands.Of(n);
        double embedding = SamplingBands.Z * System.Math.Sqrt(0.8 / dk);
        return (low * System.Math.Max(0, 1 - embedding), high * (1 + embedding));
    }

    static double Ratio(Tensor generated, TargetTensor target, HyperfanMode mode) => InitReport.SecondMomentOf(generated) / target.TargetVariance(mode);

    [Theory]
    [InlineData(HyperfanMode.In, false)]
    [InlineData(HyperfanMode.In, true)]
    [InlineData(HyperfanMode.Out, false)]
    [InlineData(HyperfanMode.Harmonic, true)]
    public void Hyperfan_heads_generate_weights_at_the_target_variance(HyperfanMode mode, bool bias)
    {
        manual_seed(1);
        using var net = new HandWrittenHypernet(Mnist, MnistActivations, embedding: 64, hiddenWidths: [], bias);
        net.Initialise(HeadInitKind.Hyperfan, mode);
        using var _ = no_grad();
        var generated = net.Generate();
        for (int i = 0; i < generated.Length; i++)
        {
            var target = net.Targets[i];
            if (target.TargetVariance(mode) == 0)
            {   // hyperfan-out leaves nothing for the bias of a narrowing layer: it must come out exactly zero
                Assert.Equal(0.0, InitReport.SecondMomentOf(generated[i]));
                continue;
            }
            double ratio = Ratio(generated[i], target, mode);
            var (low, high) = ExpectedModeBand(target.ElementCount, 64);
            output.WriteLine($"{target.Name,-12} Var(W)/target = {ratio:F4}  (band [{low:F3}, {high:F3}])");
            Assert.InRange(ratio, low, high);
        }
    }

    [Fact]
    public void Var_W_times_fan_over_c_is_one_for_hyperfan_and_far_off_for_classical_heads()
    {
        foreach (var kind in new[] { HeadInitKind.Hyperfan, HeadInitKind.Xavier, HeadInitKind.Kaiming })
        {
            manual_seed(2);
            using var net = new HandWrittenHypernet(Mnist, MnistActivations, embedding: 64, hiddenWidths: [], bias: false);
            net.Initialise(kind);
            using var _ = no_grad();
            var generated = net.Generate();
            var ratios = generated.Select((w, i) =>
                InitReport.SecondMomentOf(w) * net.Targets[i].Fans.In / net.Targets[i].GainSquared).ToArray(); // Var(W)·d_j/c
            var inBand = ratios.Select((r, i) => ExpectedModeBand(net.Targets[i].ElementCount, 64) is var (low, high) && r >= low && r <= high).ToArray();
            output.WriteLine($"{kind,-8} Var(W)·d_j/c = {string.Join("  ", ratios.Select(r => r.ToString("G4")))}");
            switch (kind)
            {
                case HeadInitKind.Hyperfan:
                    Assert.All(inBand, Assert.True);
                    break;
                case HeadInitKind.Kaiming:
                    // Var(H) = 2/64, so Var(W) = 64 · (2/64) · 1 = 2: 784× the target 2/784 on the first layer.
                    Assert.All(inBand, Assert.False);
                    Assert.InRange(ratios[0], 600, 1000);
                    break;
                case HeadInitKind.Xavier:
                    // Var(H) = 2/(64 + 235200) → Var(W) ≈ 5.4e-4, ≈ 0.21× the target on the first layer.
                    Assert.False(inBand[0]);
                    Assert.InRange(ratios[0], 0.1, 0.35);
                    Assert.False(inBand[2]);
                    break;
            }
        }
    }

    [Fact]
    public void A_deep_ReLU_mainnet_keeps_its_activations_under_hyperfan_and_explodes_under_Kaiming_on_heads()
    {
        int[] sizes = Enumerable.Repeat(100, 13).ToArray();              // 12 layers 100 → 100
        var activations = Enumerable.Repeat(Activation.ReLU, 12).ToArray();
        foreach (var kind in new[] { HeadInitKind.Hyperfan, HeadInitKind.Kaiming })
        {
            manual_seed(3);
            using var net = new HandWrittenHypernet(sizes, activations, embedding: 64, hiddenWidths: [], bias: true);
            net.Initialise(kind);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var x = randn(2048, 100);
            double input = x.square().mean().item<float>();
            var moments = net.MainnetActivations(x, net.Generate(), bias: true).Select(a => a.square().mean().item<float>() / input).ToArray();
            output.WriteLine($"{kind,-8} E[x_l²]/E[x_0²] = {string.Join(" ", moments.Select(m => m.ToString("G3")))}");
            if (kind == HeadInitKind.Hyperfan)
                Assert.All(moments, m => Assert.InRange(m, 0.5, 2.0));
            else
            {
                // Each layer multiplies the moment by ≈ 100 · 2 / 2 = 100: geometric growth.
                for (int l = 1; l < moments.Length; l++)
                    Assert.True(moments[l] > 10 * moments[l - 1], $"layer {l + 1}: {moments[l]:G3} after {moments[l - 1]:G3}");
                Assert.True(moments[^1] > 1e20, $"last layer {moments[^1]:G3}");
            }
        }
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 100, 100 })]
    public void Calibrated_mode_hits_the_target_for_twenty_seeds(int[] hiddenWidths)
    {
        double min = double.MaxValue, max = double.MinValue, worstSigmas = 0;
        for (int seed = 0; seed < 20; seed++)
        {
            manual_seed(1000 + seed);
            using var net = new HandWrittenHypernet(Mnist, MnistActivations, embedding: 64, hiddenWidths, bias: true);
            net.Initialise(HeadInitKind.Hyperfan, HyperfanMode.In, calibrated: true);
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var generated = net.Generate();
            for (int i = 0; i < generated.Length; i++)
            {
                var target = net.Targets[i];
                double ratio = Ratio(generated[i], target, HyperfanMode.In);
                if (target.Name is "fc1.weight" or "fc2.weight")
                {
                    min = System.Math.Min(min, ratio);
                    max = System.Math.Max(max, ratio);
                    Assert.InRange(ratio, 0.97, 1.03);
                }
                else
                {
                    var (low, high) = SamplingBands.Of(target.ElementCount);   // the head's sampling noise alone
                    Assert.InRange(ratio, low, high);
                    worstSigmas = System.Math.Max(worstSigmas, System.Math.Abs(ratio - 1) / System.Math.Sqrt(2.0 / target.ElementCount));
                }
            }
        }
        output.WriteLine($"hidden [{string.Join(",", hiddenWidths)}]: 784×300 and 300×100 Var(W)/target over 20 seeds in [{min:F4}, {max:F4}]; " +
                         $"other tensors at most {worstSigmas:F2}·√(2/n) from 1");
    }
}
