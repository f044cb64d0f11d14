using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Benchmarks.TrainStep;

/// <summary>
/// <see cref="MnistHypernet"/> written by hand in plain TorchSharp, as a careful user would: the same parameters
/// (copied from a generated instance, so both do the same arithmetic on the same values) and the same forward.
/// </summary>
public sealed class HandWrittenHypernet : nn.Module<Tensor, Tensor>
{
    readonly Parameter embeddings;
    readonly Linear hidden1, layer1WeightHead, layer1BiasHead, layer2WeightHead, layer2BiasHead, layer3WeightHead, layer3BiasHead;

    public HandWrittenHypernet(MnistHypernet source) : base("HandWrittenHypernet")
    {
        embeddings = new Parameter(zeros(3, 64));
        hidden1 = nn.Linear(64, 100);
        layer1WeightHead = nn.Linear(100, 300 * 784);
        layer1BiasHead = nn.Linear(100, 300);
        layer2WeightHead = nn.Linear(100, 100 * 300);
        layer2BiasHead = nn.Linear(100, 100);
        layer3WeightHead = nn.Linear(100, 10 * 100);
        layer3BiasHead = nn.Linear(100, 10);
        RegisterComponents();
        var values = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var (name, p) in named_parameters())
                p.copy_(values[name]);
    }

    /// <summary>The six generated tensors: the hidden layer, then one matrix–vector product per head.</summary>
    public Tensor[] Weights()
    {
        var h = nn.functional.relu(hidden1.forward(embeddings));
        return
        [
            layer1WeightHead.forward(h[0]).view(300, 784), layer1BiasHead.forward(h[0]),
            layer2WeightHead.forward(h[1]).view(100, 300), layer2BiasHead.forward(h[1]),
            layer3WeightHead.forward(h[2]).view(10, 100), layer3BiasHead.forward(h[2]),
        ];
    }

    public override Tensor forward(Tensor x)
    {
        var w = Weights();
        x = nn.functional.relu(nn.functional.linear(x, w[0], w[1]));
        x = nn.functional.relu(nn.functional.linear(x, w[2], w[3]));
        return nn.functional.linear(x, w[4], w[5]);
    }
}
