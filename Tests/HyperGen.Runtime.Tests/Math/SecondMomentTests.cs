using HyperGen;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Math;

/// <summary>Where V_e comes from: expected values by hand, the dimension-weighted concatenation, and calibration.</summary>
public class SecondMomentTests
{
    [Fact]
    public void Uniform_and_normal_embeddings()
    {
        Assert.Equal(1.0, SecondMoment.OfUniform(-System.Math.Sqrt(3), System.Math.Sqrt(3)), 1e-12); // (3 − 3 + 3) / 3
        Assert.Equal(7.0 / 3.0, SecondMoment.OfUniform(1, 2), 1e-12);                                 // (1 + 2 + 4) / 3
        Assert.Equal(1.0, SecondMoment.OfNormal(0, 1));
        Assert.Equal(0.25 + 4.0, SecondMoment.OfNormal(0.5, 2));                                      // mean² + std²
    }

    [Fact]
    public void Kaiming_ReLU_hidden_layers_preserve_the_moment_and_Xavier_ReLU_halves_it()
    {
        // Kaiming (fan-in, ReLU): Var(W) = 2 / 64 → pre-activation 64 · (2/64) · 1 = 2 → after ReLU 1.
        Assert.Equal(1.0, SecondMoment.AfterLayer(1.0, 64, 2.0 / 64, Activation.ReLU), 12);
        // Xavier 64 → 64: Var(W) = 2 / 128 → pre-activation 1 → after ReLU 1/2.
        Assert.Equal(0.5, SecondMoment.AfterLayer(1.0, 64, 2.0 / 128, Activation.ReLU), 12);
        // Identity with a bias of variance 0.25: 10 · 0.1 · 3 + 0.25 = 3.25
        Assert.Equal(3.25, SecondMoment.AfterLayer(3.0, 10, 0.1, Activation.Identity, biasVariance: 0.25), 12);
        // Leaky ReLU slope 0.2: v (1 + 0.04) / 2 = 0.52 v
        Assert.Equal(0.52, SecondMoment.OfActivation(Activation.LeakyReLU, 1.0, 0.2), 12);
    }

    [Fact]
    public void Smooth_activations_use_Gaussian_quadrature()
    {
        // E[tanh(z)²] for z ~ N(0, 1) = 0.394294... (known constant)
        Assert.Equal(0.3942944, SecondMoment.OfActivation(Activation.Tanh, 1.0), 5);
        // sigmoid: E[σ(z)²] = 0.293... ; mean is 1/2 so the second moment exceeds 1/4
        double s = SecondMoment.OfActivation(Activation.Sigmoid, 1.0);
        Assert.InRange(s, 0.29, 0.30);
        // GELU's squared gain is defined as 1 / E[GELU(z)²]
        Assert.Equal(1.0, Gain.Squared(Activation.GELU) * SecondMoment.OfActivation(Activation.GELU, 1.0), 5);
    }

    [Fact]
    public void Concatenated_inputs_take_the_dimension_weighted_mean()
    {
        // 8-dim task embedding with moment 1 next to a 24-dim layer embedding with moment 3: (8 + 72) / 32 = 2.5
        Assert.Equal(2.5, SecondMoment.Concatenated((8, 1.0), (24, 3.0)), 12);
    }

    [Fact]
    public void Calibrated_is_the_realised_mean_square()
    {
        using var e = tensor(new float[] { 1, -2, 3, 0 });
        Assert.Equal((1 + 4 + 9 + 0) / 4.0, SecondMoment.Calibrated(e), 6);
    }
}
