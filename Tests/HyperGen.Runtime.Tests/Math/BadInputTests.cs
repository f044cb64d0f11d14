using System;
using HyperGen;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Math;

/// <summary>Bad arguments fail with an ArgumentException naming the parameter and the value; tensors stay untouched.</summary>
public class BadInputTests
{
    static void Names<T>(Action act, string parameter, string value) where T : ArgumentException
    {
        var e = Assert.ThrowsAny<T>(act);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void Non_positive_fans_are_rejected()
    {
        Names<ArgumentOutOfRangeException>(() => Fans.Linear(0, 10), "inFeatures", "0");
        Names<ArgumentOutOfRangeException>(() => Fans.Linear(10, -3), "outFeatures", "-3");
        Names<ArgumentOutOfRangeException>(() => Fans.Conv(3, 8, 3, 0), "kernel[1]", "0");
        Names<ArgumentOutOfRangeException>(() => HyperInit.WeightVariance(HyperfanMode.In, new Fans(-784, 300), 2, false), "fans", "-784");
        Names<ArgumentException>(() => Fans.OfWeightShape(300), "shape", "[300]");
    }

    [Fact]
    public void Non_positive_embedding_dims_and_moments_are_rejected()
    {
        var fans = Fans.Linear(784, 300);
        Names<ArgumentOutOfRangeException>(() => HyperInit.WeightHeadVariance(HyperfanMode.In, fans, 0, 1, 2, false), "embeddingDim", "0");
        Names<ArgumentOutOfRangeException>(() => HyperInit.WeightHeadVariance(HyperfanMode.In, fans, 64, -1, 2, false), "embeddingSecondMoment", "-1");
        Names<ArgumentOutOfRangeException>(() => HyperInit.WeightHeadVariance(HyperfanMode.In, fans, 64, 0, 2, false), "embeddingSecondMoment", "0");
        Names<ArgumentOutOfRangeException>(() => HyperInit.BiasHeadVariance(HyperfanMode.Out, fans, -5, 1, 2), "inputDim", "-5");
        Names<ArgumentOutOfRangeException>(() => SecondMoment.Concatenated((8, 1.0), (0, 1.0)), "parts[1].Dimension", "0");
    }

    [Fact]
    public void NaN_and_infinite_gains_are_rejected()
    {
        var fans = Fans.Linear(784, 300);
        Names<ArgumentOutOfRangeException>(() => HyperInit.WeightVariance(HyperfanMode.In, fans, double.NaN, false), "gainSquared", "NaN");
        Names<ArgumentOutOfRangeException>(() => HyperInit.BiasVariance(HyperfanMode.In, fans, double.PositiveInfinity), "gainSquared", "Infinity");
        Names<ArgumentOutOfRangeException>(() => HyperInit.WeightVariance(HyperfanMode.In, fans, 0, false), "gainSquared", "0");
        Names<ArgumentOutOfRangeException>(() => Gain.Squared(Activation.LeakyReLU, double.NaN), "negativeSlope", "NaN");
    }

    [Fact]
    public void Unknown_nonlinearities_and_modes_are_rejected()
    {
        Names<ArgumentException>(() => Gain.Squared("mish"), "name", "'mish'");
        Names<ArgumentOutOfRangeException>(() => Gain.Squared((Activation)42), "activation", "42");
        Names<ArgumentOutOfRangeException>(() => HyperInit.WeightVariance((HyperfanMode)7, Fans.Linear(2, 2), 1, false), "mode", "7");
    }

    [Fact]
    public void Hand_written_definitions_that_cannot_make_a_hypernet_are_rejected_with_the_value()
    {
        // Before: a definition of no layers built a hypernet that generated nothing (its chunked form failed with
        // "Cannot calibrate on an empty tensor"); an unknown activation or role was accepted and failed later, at
        // init; a null kernel or name threw NullReferenceException; element and chunk counts past the integer range
        // threw a bare OverflowException.
        Names<ArgumentException>(() => new HypernetDefinition("Empty", 4, Array.Empty<HypernetLayer>()), "layers", "at least one layer");
        Names<ArgumentException>(() => new HypernetDefinition("Empty", 4, Array.Empty<HypernetLayer>(), chunk: 3), "layers", "at least one layer");
        Names<ArgumentOutOfRangeException>(() => HypernetLayer.Linear("L", 2, 3, (Activation)99), "activation", "99");
        Names<ArgumentOutOfRangeException>(() => new TargetTensor("t", [3, 2], (TensorRole)5, Fans.Linear(2, 3), Activation.ReLU, true), "role", "5");
        Assert.Equal("kernel", Assert.Throws<ArgumentNullException>(() => HypernetLayer.Conv("C", 2, 3, null!)).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentNullException>(() => HypernetLayer.Linear(null!, 2, 3)).ParamName);
        var huge = Assert.Throws<ArgumentOutOfRangeException>(() => HypernetLayer.Linear("L", long.MaxValue / 2, 4));
        Assert.Contains("[4, 4611686018427387903]", huge.Message);
        Names<ArgumentOutOfRangeException>(() => new HypernetDefinition("Wide", 4, [HypernetLayer.Linear("L", 100_000, 100_000)], chunk: 1),
            "chunk", "10000100000 chunks");
    }

    [Fact]
    public void A_head_of_the_wrong_shape_is_rejected_and_left_untouched()
    {
        using var head = nn.Linear(64, 1000); // generates 1000 elements, but the target 300×784 has 235200
        using var before = head.weight!.clone();
        var target = TargetTensor.LinearWeight("fc1.weight", 784, 300, Activation.ReLU, biasGenerated: true);
        var e = Assert.Throws<ArgumentException>(() => HyperInit.InitHead(head, target, HyperfanMode.In, 1.0));
        Assert.Equal("headWeight", e.ParamName);
        Assert.Contains("[235200, d]", e.Message);
        Assert.Contains("[1000, 64]", e.Message);
        Assert.True(before.equal(head.weight!).all().item<bool>());

        // The shape is checked before a mismatching bias could be half-written.
        using var weight = zeros(235200, 64);
        using var bias = ones(10);
        Assert.Throws<ArgumentException>(() => HyperInit.InitHead(weight, bias, target, HyperfanMode.In, 1.0));
        Assert.Equal(0.0, weight.abs().sum().item<float>());
        Assert.Equal(10.0, bias.sum().item<float>());
    }

    [Fact]
    public void A_bad_second_moment_leaves_the_head_untouched()
    {
        using var head = nn.Linear(64, 3000);
        using var before = head.weight!.clone();
        Names<ArgumentOutOfRangeException>(() => HyperInit.InitWeightHead(head.weight!, [30, 100], HyperfanMode.In, Activation.ReLU, false, double.NaN),
            "embeddingSecondMoment", "NaN");
        Assert.True(before.equal(head.weight!).all().item<bool>());
    }

    [Fact]
    public void Calibrating_on_a_degenerate_input_is_rejected()
    {
        using var zero = zeros(64);
        Assert.Throws<ArgumentException>(() => SecondMoment.Calibrated(zero));
        using var empty = zeros(0);
        Assert.Throws<ArgumentException>(() => SecondMoment.Calibrated(empty));
    }
}
