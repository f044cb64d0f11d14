using System;
using System.Linq;
using HyperGen.Generated.Tests.Models;
using Xunit;
using HyperGen.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests;

/// <summary>Issue 4's forms run: shapes, gradients, batched ≡ looped, and each hits its hyperfan targets.</summary>
public class FormTests(ITestOutputHelper output)
{

    static void AllGradients(nn.Module module, params string[] except)
    {
        foreach (var (name, p) in module.named_parameters())
        {
            if (except.Contains(name)) continue;
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
        }
    }

    [Fact]
    public void Task_conditioned_generates_one_mainnet_per_task()
    {
        manual_seed(21);
        using var model = new TaskHypernet();
        using var scope = NewDisposeScope();
        var x = randn(8, 20);
        var y0 = model.forward(x, 0);
        var y3 = model.forward(x, 3);
        Assert.Equal(new long[] { 8, 10 }, y0.shape);
        Assert.False(y0.allclose(y3), "different tasks must get different mainnets");
        Assert.True(y3.equal(TaskHypernet.Mainnet(x, model.GenerateWeights(3))).all().item<bool>());

        y3.sum().backward();
        var grad = model.named_parameters().Single(p => p.name == "conditionEmbeddings").parameter.grad!;
        Assert.Equal(0f, grad[0].abs().sum().item<float>());          // task 0 was not used
        Assert.True(grad[3].abs().sum().item<float>() > 0);            // task 3 was
        AllGradients(model, "conditionEmbeddings");

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => model.forward(x, 5));
        Assert.Contains("5 conditions", e.Message);
    }

    [Fact]
    public void Task_conditioned_init_is_calibrated_over_all_tasks()
    {
        manual_seed(22);
        using var model = new TaskHypernet();
        var report = model.InitReport();
        output.WriteLine(report.ToString());
        foreach (var row in report)
        {
            // Realised over the five tasks' mainnets, but each head row is shared by all five: n independent rows.
            long n = row.Shape.Aggregate(1L, (a, b) => a * b);
            Assert.True(SamplingBands.Contains(n, row.Ratio), $"{row.Name}: {row.Ratio:F3} outside {SamplingBands.Of(n)}");
        }
    }

    [Fact]
    public void Input_conditioned_MLP_matches_a_per_sample_loop()
    {
        manual_seed(23);
        using var model = new PerSampleMlpHypernet();
        using var scope = NewDisposeScope();
        var x = randn(7, 10);
        var c = randn(7, 6);
        var batched = model.forward(x, c);
        Assert.Equal(new long[] { 7, 2 }, batched.shape);
        for (int b = 0; b < 7; b++)
        {
            var w = model.GenerateWeights(c[b].unsqueeze(0));
            var one = new PerSampleMlpHypernet.Weights(w.Layer1Weight[0], w.Layer1Bias[0], w.Layer2Weight[0], w.Layer2Bias[0]);
            var looped = PerSampleMlpHypernet.Mainnet(x[b].unsqueeze(0), one);
            Assert.True(looped.allclose(batched[b].unsqueeze(0), rtol: 1e-5, atol: 1e-5), $"sample {b}");
        }
        batched.sum().backward();
        AllGradients(model);
        Assert.Throws<ArgumentException>(() => model.forward(x, randn(7, 5)));
        Assert.Throws<ArgumentException>(() => model.forward(x, randn(6, 6)));
    }

    [Fact]
    public void Input_conditioned_conv_matches_a_per_sample_loop()
    {
        manual_seed(24);
        using var model = new PerSampleConvHypernet();
        using var scope = NewDisposeScope();
        var x = randn(5, 2, 12, 12);
        var c = randn(5, 8);
        var batched = model.forward(x, c);
        Assert.Equal(new long[] { 5, 3 }, batched.shape);
        var all = model.GenerateWeights(c);
        Assert.Equal(new long[] { 5, 4, 2, 3, 3 }, all.Layer1Weight.shape);
        for (int b = 0; b < 5; b++)
        {
            var one = new PerSampleConvHypernet.Weights(all.Layer1Weight[b], all.Layer1Bias[b], all.Layer2Weight[b], all.Layer2Bias[b],
                all.Layer3Weight[b], all.Layer3Bias[b]);
            var looped = PerSampleConvHypernet.Mainnet(x[b].unsqueeze(0), one);
            Assert.True(looped.allclose(batched[b].unsqueeze(0), rtol: 1e-5, atol: 1e-5), $"sample {b}");
        }
        batched.sum().backward();
        AllGradients(model);
    }

    [Fact]
    public void Input_conditioned_init_uses_the_declared_condition_moment()
    {
        manual_seed(25);
        using var model = new PerSampleMlpHypernet();
        var report = model.InitReport();
        output.WriteLine(report.ToString());
        Assert.Equal("hyperfan-in (expected V_e)", report.Init);
        // Over 256 conditions the condition part averages out; the fixed layer embedding (d_k = 64 of the 70 inputs)
        // keeps its sampling noise: mean(e²) has relative sd ≈ √(0.8/64) ≈ 0.11.
        foreach (var row in report.Where(r => r.Role == HyperGen.TensorRole.Weight))
            Assert.InRange(row.Ratio, 0.55, 1.45);
        HypernetParts.InitHeadsClassically(model, HeadInit.Kaiming);
        Assert.True(model.InitReport()["Layer1Weight"].Ratio > 10);
    }

    [Fact]
    public void Noise_conditioned_samples_weights_and_ensembles_in_one_pass()
    {
        manual_seed(26);
        using var model = new BayesHypernet();
        using var scope = NewDisposeScope();
        var x = linspace(-2, 2, 11).unsqueeze(1);
        Assert.False(model.forward(x).allclose(model.forward(x)), "each call samples a new mainnet");
        var z = randn(4);
        Assert.True(model.forward(x).shape.SequenceEqual(new long[] { 11, 1 }));
        Assert.True(BayesHypernet.Mainnet(x, model.GenerateWeights(z)).equal(BayesHypernet.Mainnet(x, model.GenerateWeights(z))).all().item<bool>());

        var ensemble = model.Ensemble(x, 32);
        Assert.Equal(new long[] { 32, 11, 1 }, ensemble.shape);
        Assert.True(ensemble.std(0).min().item<float>() > 0, "sampled mainnets must disagree");

        // Ensemble member s equals the unbatched mainnet for the same noise.
        var noise = randn(3, 4);
        var batch = model.GenerateWeights(noise);
        var viaBatch = BayesHypernet.MainnetBatched(HyperGen.HypernetParts.Replicate(x, 3), batch);
        for (int s = 0; s < 3; s++)
            Assert.True(viaBatch[s].allclose(BayesHypernet.Mainnet(x, model.GenerateWeights(noise[s])), rtol: 1e-5, atol: 1e-6));

        ensemble.mean().backward();
        AllGradients(model);

    }

    [Fact]
    public void Noise_conditioned_init_is_calibrated_over_noise_draws()
    {
        manual_seed(28);
        using var model = new WideBayesHypernet();
        var report = model.InitReport();
        output.WriteLine(report.ToString());
        Assert.Equal("hyperfan-in (calibrated)", report.Init);
        foreach (var row in report)
        {
            // Realised over 256 sampled mainnets that share each head row: the head's noise is that of n rows; the
            // 256 samples' mean |h|² against the 1024-draw calibration adds a few percent (0.1 allowed).
            long n = row.Shape.Aggregate(1L, (a, b) => a * b);
            var (low, high) = SamplingBands.Of(n);
            Assert.InRange(row.Ratio, low - 0.1, high + 0.1);
        }
        HypernetParts.InitHeadsClassically(model, HeadInit.Xavier);
        Assert.False(SamplingBands.Contains(64 * 256, model.InitReport()["Layer1Weight"].Ratio));
    }

    [Fact]
    public void Custom_forward_keeps_typed_weights_init_and_reports()
    {
        manual_seed(27);
        using var model = new ResidualHypernet();
        using var scope = NewDisposeScope();
        var x = randn(4, 16);
        var y = model.forward(x);
        Assert.Equal(new long[] { 4, 16 }, y.shape);
        Assert.True(y.equal(ResidualHypernet.Mainnet(x, model.GenerateWeights())).all().item<bool>());
        Assert.Equal(16, ResidualHypernet.Targets.W1.Fans.In);
        Assert.Equal(64, ResidualHypernet.Targets.B1.Fans.Out);
        Assert.Equal(HyperGen.TensorRole.Bias, ResidualHypernet.Targets.B1.Role);
        y.sum().backward();
        AllGradients(model);
        foreach (var row in model.InitReport())
        {
            long n = row.Shape.Aggregate(1L, (a, b) => a * b);
            Assert.True(SamplingBands.Contains(n, row.Ratio), $"{row.Name}: {row.Ratio:F3} outside {SamplingBands.Of(n)}");
        }
    }
}
