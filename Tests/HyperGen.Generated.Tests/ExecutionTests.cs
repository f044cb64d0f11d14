using System;
using System.Linq;
using HyperGen.Generated.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests;

/// <summary>The generated modules run: shapes, gradients, Mainnet ≡ forward, clear input errors, compile-time targets.</summary>
public class ExecutionTests
{
    [Fact]
    public void MnistHypernet_maps_a_batch_to_logits_and_Mainnet_equals_forward()
    {
        manual_seed(7);
        using var model = new MnistHypernet();
        using var scope = NewDisposeScope();
        var x = randn(8, 784);
        var y = model.forward(x);
        Assert.Equal(new long[] { 8, 10 }, y.shape);
        var again = MnistHypernet.Mainnet(x, model.GenerateWeights());
        Assert.True(y.equal(again).all().item<bool>(), "Mainnet(x, GenerateWeights()) must equal forward(x)");
    }

    [Fact]
    public void ConvHypernet_infers_its_shapes_and_runs_on_images()
    {
        manual_seed(8);
        using var model = new ConvHypernet();
        using var scope = NewDisposeScope();
        var w = model.GenerateWeights();
        Assert.Equal(new long[] { 16, 1, 3, 3 }, w.Layer1Weight.shape);
        Assert.Equal(new long[] { 32, 16, 3, 3 }, w.Layer2Weight.shape);
        Assert.Equal(new long[] { 10, 1568 }, w.Layer3Weight.shape);
        var x = randn(4, 1, 28, 28);
        var y = model.forward(x);
        Assert.Equal(new long[] { 4, 10 }, y.shape);
        Assert.True(y.equal(ConvHypernet.Mainnet(x, w)).all().item<bool>());
    }

    [Fact]
    public void Gradients_reach_every_hypernet_parameter()
    {
        manual_seed(9);
        using var model = new MnistHypernet();
        using var scope = NewDisposeScope();
        var loss = nn.functional.cross_entropy(model.forward(randn(16, 784)), randint(0, 10, 16));
        loss.backward();
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(p.grad is not null, $"{name} got no gradient");
            Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name}'s gradient is zero");
        }
        Assert.Equal(new[] { "embeddings", "hidden1.weight", "hidden1.bias", "layer1WeightHead.weight", "layer1WeightHead.bias" },
            model.named_parameters().Select(p => p.name).Take(5).ToArray());
    }

    [Fact]
    public void A_wrong_input_shape_is_a_clear_error()
    {
        using var model = new MnistHypernet();
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => model.forward(randn(8, 28, 28)));
        Assert.Contains("[batch, 784]", e.Message);
        Assert.Contains("[8, 28, 28]", e.Message);
    }

    [Fact]
    public void Targets_describe_every_generated_tensor()
    {
        Assert.Equal(784, MnistHypernet.Targets.Layer1Weight.Fans.In);
        Assert.Equal(32 * 16 * 3 * 3, ConvHypernet.Targets.Layer2Weight.ElementCount);
        Assert.Equal(new[] { "Layer1Weight", "Layer1Bias", "Layer2Weight", "Layer2Bias", "Layer3Weight", "Layer3Bias" },
            MnistHypernet.Targets.All.Select(t => t.Name).ToArray());
        Assert.Equal(144, ConvHypernet.Targets.Layer2Weight.Fans.In);             // 16 · 3 · 3
        Assert.Equal(TensorRole.Bias, MnistHypernet.Targets.Layer3Bias.Role);
        Assert.Same(MnistHypernet.Targets.All[0], MnistHypernet.Targets.Layer1Weight);
        using var model = new MnistHypernet();
        Assert.Same(model.Definition.Targets, MnistHypernet.Targets.All);
    }
}
