using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Benchmarks;

/// <summary>
/// One mainnet per sample: the generated batched pass (batched matmul / grouped convolution) against the
/// per-sample loop a user would otherwise write (baseline), for a batch of 32, forward only.
/// </summary>
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class BatchedMainnetBenchmarks
{
    PerSampleConvHypernet _conv = null!;
    PerSampleMlpHypernet _mlp = null!;
    Tensor _images = null!, _flat = null!, _conditions = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(2);
        _conv = new PerSampleConvHypernet();
        _mlp = new PerSampleMlpHypernet();
        _images = randn(32, 1, 28, 28);
        _flat = randn(32, 784);
        _conditions = randn(32, 8);
    }

    [Benchmark(Baseline = true, Description = "conv: per-sample loop")]
    [BenchmarkCategory("conv")]
    public float ConvLoop()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = _conv.GenerateWeights(_conditions);
        float sum = 0;
        for (int b = 0; b < 32; b++)
        {
            var one = new PerSampleConvHypernet.Weights(w.Layer1Weight[b], w.Layer1Bias[b], w.Layer2Weight[b], w.Layer2Bias[b], w.Layer3Weight[b], w.Layer3Bias[b]);
            sum += PerSampleConvHypernet.Mainnet(_images[b].unsqueeze(0), one)[0, 0].item<float>();
        }
        return sum;
    }

    [Benchmark(Description = "conv: generated batched pass")]
    [BenchmarkCategory("conv")]
    public float ConvBatched()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return _conv.forward(_images, _conditions)[0, 0].item<float>();
    }

    [Benchmark(Baseline = true, Description = "mlp: per-sample loop")]
    [BenchmarkCategory("mlp")]
    public float MlpLoop()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = _mlp.GenerateWeights(_conditions);
        float sum = 0;
        for (int b = 0; b < 32; b++)
        {
            var one = new PerSampleMlpHypernet.Weights(w.Layer1Weight[b], w.Layer1Bias[b], w.Layer2Weight[b], w.Layer2Bias[b]);
            sum += PerSampleMlpHypernet.Mainnet(_flat[b].unsqueeze(0), one)[0, 0].item<float>();
        }
        return sum;
    }

    [Benchmark(Description = "mlp: generated batched pass")]
    [BenchmarkCategory("mlp")]
    public float MlpBatched()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return _mlp.forward(_flat, _conditions)[0, 0].item<float>();
    }
}
