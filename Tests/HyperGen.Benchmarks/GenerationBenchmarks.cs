using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HyperGen.Benchmarks.TrainStep;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Benchmarks;

/// <summary>
/// The generated MnistHypernet (784-300-100-10 mainnet, 64-wide embeddings, hidden layer of 100, one head per
/// tensor) against the same hypernet written by hand in plain TorchSharp over the very same parameter values
/// (baseline): generating the weights, inference on a batch of 128, and a full training step (forward, cross
/// entropy, backward, Adam). A ratio near 1 means the generated code and its runtime base add no overhead.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GenerationBenchmarks
{
    MnistHypernet _model = null!;
    HandWrittenHypernet _hand = null!;
    optim.Optimizer _modelAdam = null!, _handAdam = null!;
    Tensor _x = null!, _labels = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _model = new MnistHypernet();
        _hand = new HandWrittenHypernet(_model);
        _modelAdam = optim.Adam(_model.parameters(), lr: 1e-4);
        _handAdam = optim.Adam(_hand.parameters(), lr: 1e-4);
        _x = randn(128, 784);
        _labels = randint(0, 10, 128);
    }

    [Benchmark(Baseline = true, Description = "hand-written: hidden layer + 6 × torch.mv")]
    [BenchmarkCategory("generate")]
    public float GenerateHandWritten()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return _hand.Weights().Sum(w => w.view(-1)[0].item<float>());
    }

    [Benchmark(Description = "generated: GenerateWeights()")]
    [BenchmarkCategory("generate")]
    public float GenerateGenerated()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return _model.GenerateWeights().Named().Sum(p => p.Value.view(-1)[0].item<float>());
    }

    [Benchmark(Baseline = true, Description = "hand-written: forward, batch 128")]
    [BenchmarkCategory("inference")]
    public float InferenceHandWritten()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return _hand.forward(_x)[0, 0].item<float>();
    }

    [Benchmark(Description = "generated: forward, batch 128")]
    [BenchmarkCategory("inference")]
    public float InferenceGenerated()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return _model.forward(_x)[0, 0].item<float>();
    }

    [Benchmark(Baseline = true, Description = "hand-written: training step (Adam)")]
    [BenchmarkCategory("training")]
    public float TrainHandWritten() => Step(_hand, _handAdam);

    [Benchmark(Description = "generated: training step (Adam)")]
    [BenchmarkCategory("training")]
    public float TrainGenerated() => Step(_model, _modelAdam);

    float Step(nn.Module<Tensor, Tensor> model, optim.Optimizer adam)
    {
        using var scope = NewDisposeScope();
        adam.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(_x), _labels);
        loss.backward();
        adam.step();
        return loss.item<float>();
    }
}
