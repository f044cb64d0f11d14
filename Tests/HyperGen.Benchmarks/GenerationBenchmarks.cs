using System.Linq;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Benchmarks;

/// <summary>
/// GenerateWeights against the bare math it has to do: one matrix–vector product per head over the same
/// parameters, written by hand with torch.mv. A ratio near 1 means the generated code adds no overhead.
/// </summary>
[MemoryDiagnoser]
public class GenerationBenchmarks
{
    MnistHypernet _model = null!;
    Tensor[] _heads = null!, _biases = null!;
    Tensor _embeddings = null!;
    nn.Module<Tensor, Tensor> _hidden = null!;

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(1);
        _model = new MnistHypernet();
        var parameters = _model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        _embeddings = parameters["embeddings"];
        var hidden = nn.Linear(64, 100);
        using (no_grad())
        {
            hidden.weight!.copy_(parameters["hidden1.weight"]);
            hidden.bias!.copy_(parameters["hidden1.bias"]);
        }
        _hidden = hidden;
        string[] heads = ["layer1WeightHead", "layer1BiasHead", "layer2WeightHead", "layer2BiasHead", "layer3WeightHead", "layer3BiasHead"];
        _heads = heads.Select(h => parameters[h + ".weight"]).ToArray();
        _biases = heads.Select(h => parameters[h + ".bias"]).ToArray();
    }

    [Benchmark(Baseline = true, Description = "hand-written: 6 × torch.mv")]
    public float HandWritten()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var h = nn.functional.relu(_hidden.forward(_embeddings));
        float sum = 0;
        for (int i = 0; i < _heads.Length; i++)
            sum += _heads[i].mv(h[i / 2]).add(_biases[i])[0].item<float>();
        return sum;
    }

    [Benchmark(Description = "generated: GenerateWeights()")]
    public float Generated()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var w = _model.GenerateWeights();
        return w.Layer1Weight[0, 0].item<float>() + w.Layer1Bias[0].item<float>() + w.Layer2Weight[0, 0].item<float>()
             + w.Layer2Bias[0].item<float>() + w.Layer3Weight[0, 0].item<float>() + w.Layer3Bias[0].item<float>();
    }
}
