using System;
using HyperGen;
using Xunit;

namespace HyperGen.Runtime.Tests.Math;

/// <summary>
/// Pins every row of the table in docs/hyperfan.md. Expected values are fractions worked out by hand in
/// the comments, never recomputed with the code under test.
/// </summary>
public class HyperfanTableTests
{
    const double ReLU = 2.0;                          // c = gain² = (√2)²
    static readonly Fans Mnist1 = Fans.Linear(784, 300); // d_j = 784, d_i = 300
    static readonly Fans Widening = Fans.Linear(100, 300); // d_j = 100, d_i = 300: hyperfan-out bias is non-zero

    static void Same(double expected, double actual) => Assert.Equal(expected, actual, 1e-15 * System.Math.Max(1, System.Math.Abs(expected)));
    static void Close(double expected, double actual) => Assert.True(System.Math.Abs(actual - expected) <= 1e-12 * System.Math.Abs(expected),
        $"expected {expected:R}, got {actual:R}");

    [Fact]
    public void HyperfanIn_without_bias_is_c_over_dj_dk_Ve()
    {
        // 2 / (784 · 64 · 1) = 2 / 50176 = 1 / 25088
        Close(1.0 / 25088, HyperInit.WeightHeadVariance(HyperfanMode.In, Mnist1, 64, 1.0, ReLU, biasGenerated: false));
        // V_e = 0.5 doubles it: 2 / (784 · 64 · 0.5) = 1 / 12544
        Close(1.0 / 12544, HyperInit.WeightHeadVariance(HyperfanMode.In, Mnist1, 64, 0.5, ReLU, biasGenerated: false));
        // generated weight: 2 / 784 = 1 / 392
        Close(1.0 / 392, HyperInit.WeightVariance(HyperfanMode.In, Mnist1, ReLU, biasGenerated: false));
    }

    [Fact]
    public void HyperfanIn_with_bias_halves_the_weight_head_and_gives_the_bias_head_c_over_2_dl_Vh()
    {
        // weight: 2 / (2 · 784 · 64 · 1) = 1 / 50176
        Close(1.0 / 50176, HyperInit.WeightHeadVariance(HyperfanMode.In, Mnist1, 64, 1.0, ReLU, biasGenerated: true));
        // bias: 2 / (2 · 64 · 1) = 1 / 64
        Close(1.0 / 64, HyperInit.BiasHeadVariance(HyperfanMode.In, Mnist1, 64, 1.0, ReLU));
        // bias head over a 100-wide hidden layer with V_h = 0.5: 2 / (2 · 100 · 0.5) = 1 / 50
        Close(1.0 / 50, HyperInit.BiasHeadVariance(HyperfanMode.In, Mnist1, 100, 0.5, ReLU));
        // generated bias: c / 2 = 1
        Close(1.0, HyperInit.BiasVariance(HyperfanMode.In, Mnist1, ReLU));
    }

    [Fact]
    public void HyperfanOut_without_bias_is_c_over_di_dk_Ve()
    {
        // 2 / (300 · 64 · 1) = 1 / 9600
        Close(1.0 / 9600, HyperInit.WeightHeadVariance(HyperfanMode.Out, Mnist1, 64, 1.0, ReLU, biasGenerated: false));
        // identity output layer 100 → 10: 1 / (10 · 64 · 1) = 1 / 640
        Close(1.0 / 640, HyperInit.WeightHeadVariance(HyperfanMode.Out, Fans.Linear(100, 10), 64, 1.0, 1.0, biasGenerated: false));
    }

    [Fact]
    public void HyperfanOut_with_bias_keeps_the_weight_head_and_gives_the_bias_the_remaining_variance()
    {
        // weight head unchanged by the bias: 1 / 9600
        Close(1.0 / 9600, HyperInit.WeightHeadVariance(HyperfanMode.Out, Mnist1, 64, 1.0, ReLU, biasGenerated: true));
        // bias: max(0, 2 · (1 − 784/300)) = 0 — a narrowing layer leaves nothing for the bias
        Assert.Equal(0.0, HyperInit.BiasHeadVariance(HyperfanMode.Out, Mnist1, 64, 1.0, ReLU));
        // widening 100 → 300: 2 · (1 − 100/300) / (64 · 1) = (4/3) / 64 = 1 / 48
        Close(1.0 / 48, HyperInit.BiasHeadVariance(HyperfanMode.Out, Widening, 64, 1.0, ReLU));
        // equal fans: max(0, 0) = 0
        Assert.Equal(0.0, HyperInit.BiasHeadVariance(HyperfanMode.Out, Fans.Linear(50, 50), 64, 1.0, ReLU));
    }

    [Fact]
    public void Harmonic_is_the_true_harmonic_mean_of_in_and_out()
    {
        // no bias: in 1/25088, out 1/9600 → 2ab/(a+b) = 2 / (25088 + 9600) = 1 / 17344
        Close(1.0 / 17344, HyperInit.WeightHeadVariance(HyperfanMode.Harmonic, Mnist1, 64, 1.0, ReLU, biasGenerated: false));
        // with bias: in 1/50176, out 1/9600 → 2 / (50176 + 9600) = 1 / 29888
        Close(1.0 / 29888, HyperInit.WeightHeadVariance(HyperfanMode.Harmonic, Mnist1, 64, 1.0, ReLU, biasGenerated: true));
        // bias, widening: in 1/64, out 1/48 → 2 / (64 + 48) = 1 / 56
        Close(1.0 / 56, HyperInit.BiasHeadVariance(HyperfanMode.Harmonic, Widening, 64, 1.0, ReLU));
        // bias, narrowing: out is 0, so the harmonic mean is 0
        Assert.Equal(0.0, HyperInit.BiasHeadVariance(HyperfanMode.Harmonic, Mnist1, 64, 1.0, ReLU));
    }

    [Fact]
    public void Harmonic_does_not_copy_the_hypnettorch_bug()
    {
        // 784 → 300 ReLU, d_k = 100: in 2/78400, out 2/30000 → 4 / 108400 = 1 / 27100 ≈ 3.7e-5.
        // hypnettorch's 2·(1/a + 1/b) would give 2 · (39200 + 15000) = 108400.
        double v = HyperInit.WeightHeadVariance(HyperfanMode.Harmonic, Mnist1, 100, 1.0, ReLU, biasGenerated: false);
        Close(1.0 / 27100, v);
        Assert.True(v < 1e-4);
    }

    [Fact]
    public void Convolutional_fans_multiply_the_receptive_field()
    {
        // Conv2d 16 → 32, 3×3: d_j = 16·9 = 144, d_i = 32·9 = 288
        var fans = Fans.Conv(16, 32, 3, 3);
        Assert.Equal(new Fans(144, 288), fans);
        Assert.Equal(fans, Fans.OfWeightShape(32, 16, 3, 3));
        // hyperfan-in with bias, ReLU, d_k = 32: 2 / (2 · 144 · 32 · 1) = 1 / 4608
        Close(1.0 / 4608, HyperInit.WeightHeadVariance(HyperfanMode.In, fans, 32, 1.0, ReLU, biasGenerated: true));
        // hyperfan-out, no bias: 2 / (288 · 32) = 1 / 4608 as well
        Close(1.0 / 4608, HyperInit.WeightHeadVariance(HyperfanMode.Out, fans, 32, 1.0, ReLU, biasGenerated: false));
        // Conv1d 1 → 8, kernel 5: d_j = 5, d_i = 40; hyperfan-out bias = 2 · (1 − 5/40) / (32 · 1) = (7/4) / 32 = 7 / 128
        Close(7.0 / 128, HyperInit.BiasHeadVariance(HyperfanMode.Out, Fans.Conv(1, 8, 5), 32, 1.0, ReLU));
    }

    [Theory]
    [InlineData(Activation.Identity, 1.0)]
    [InlineData(Activation.Sigmoid, 1.0)]
    [InlineData(Activation.ReLU, 2.0)]
    [InlineData(Activation.Tanh, 25.0 / 9.0)]   // (5/3)²
    [InlineData(Activation.SELU, 9.0 / 16.0)]   // (3/4)²
    public void Squared_gains_match_PyTorch(Activation activation, double expected) => Same(expected, Gain.Squared(activation));

    [Fact]
    public void Leaky_ReLU_gain_uses_its_slope()
    {
        Close(25.0 / 13.0, Gain.Squared(Activation.LeakyReLU, 0.2));   // 2 / (1 + 0.04) = 2 / 1.04
        Close(2.0 / 1.0001, Gain.Squared(Activation.LeakyReLU));       // default slope 0.01
        Close(25.0 / 13.0, Gain.Squared("leaky_relu", 0.2));
        Close(25.0 / 13.0, Gain.Squared(TorchSharp.torch.nn.init.NonlinearityType.LeakyReLU, 0.2));
    }

    [Fact]
    public void Tanh_layer_uses_its_gain_in_the_head()
    {
        // 50 → 20 tanh, hyperfan-in without bias, d_k = 10: (25/9) / (50 · 10) = 25 / 4500 = 1 / 180
        Close(1.0 / 180, HyperInit.WeightHeadVariance(HyperfanMode.In, Fans.Linear(50, 20), 10, 1.0, Gain.Squared(Activation.Tanh), false));
    }

    [Fact]
    public void Gains_by_TorchSharp_enum_and_by_name_agree()
    {
        foreach (var (name, activation) in new[] { ("relu", Activation.ReLU), ("tanh", Activation.Tanh), ("sigmoid", Activation.Sigmoid),
                     ("linear", Activation.Identity), ("conv2d", Activation.Identity), ("selu", Activation.SELU), ("GELU", Activation.GELU) })
            Assert.Equal(Gain.Squared(activation), Gain.Squared(name));
        Assert.Equal(2.0, Gain.Squared(TorchSharp.torch.nn.init.NonlinearityType.ReLU));
        Assert.Equal(1.0, Gain.Squared(TorchSharp.torch.nn.init.NonlinearityType.Conv2D));
        // TorchSharp's own calculate_gain agrees where it defines one.
        Assert.Equal(System.Math.Pow(TorchSharp.torch.nn.init.calculate_gain(TorchSharp.torch.nn.init.NonlinearityType.Tanh), 2), Gain.Squared(Activation.Tanh), 1e-12);
    }

    [Fact]
    public void GELU_and_SiLU_gains_preserve_the_second_moment_of_a_standard_normal()
    {
        // Re-derive 1 / E[f(z)²] with an independent trapezoid rule on a fine grid.
        static double MeanSquare(Func<double, double> f)
        {
            double sum = 0, h = 1e-3;
            for (double z = -12; z <= 12; z += h)
                sum += f(z) * f(z) * System.Math.Exp(-z * z / 2) / System.Math.Sqrt(2 * System.Math.PI) * h;
            return sum;
        }
        static double Phi(double x) // Φ by a long Taylor series of erf, exact enough on [−12, 12] in double
        {
            if (x < -8) return 0;
            if (x > 8) return 1;
            double t = x / System.Math.Sqrt(2), term = t, sum = t;
            for (int n = 1; n < 200; n++) { term *= -t * t / n; sum += term / (2 * n + 1); }
            return 0.5 + sum / System.Math.Sqrt(System.Math.PI);
        }
        Assert.Equal(1 / MeanSquare(z => z * Phi(z)), Gain.Squared(Activation.GELU), 1e-4);
        Assert.Equal(1 / MeanSquare(z => z / (1 + System.Math.Exp(-z))), Gain.Squared(Activation.SiLU), 1e-4);
        Assert.Equal(0.5, MeanSquare(z => System.Math.Max(z, 0)), 1e-6); // sanity: ReLU's 1/2, hence c = 2
    }

    [Fact]
    public void HarmonicMean_is_zero_when_either_side_is_zero()
    {
        Assert.Equal(0.0, HyperInit.HarmonicMean(0, 3));
        Assert.Equal(0.0, HyperInit.HarmonicMean(3, 0));
        Close(4.0 / 3.0, HyperInit.HarmonicMean(1, 2)); // 2·1·2 / 3
    }
}
