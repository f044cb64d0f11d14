// Each line marked "expect" must produce exactly that diagnostic in `dotnet build`; nothing else may.
using System;
using HyperGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AnalyzerSmoke;

/// <summary>A valid generated hypernet; its generated code must raise nothing.</summary>
[Hypernet(Embedding = 64, Hidden = new[] { 100 })]
[Linear(784, 300, Activation = Activation.ReLU)]
[Linear(300, 10)]
public partial class Mnist
{
    public void WrongInit()
    {
        foreach (var (name, m) in named_modules())
            if (m is Linear l) nn.init.kaiming_normal_(l.weight!); // expect warning HG0001
    }

    public void RightInit()
    {
        foreach (var (name, m) in named_modules())
            if (m is Linear l && name.StartsWith("hidden")) nn.init.kaiming_normal_(l.weight!);
    }
}

/// <summary>A hand-written hypernet: one marked head, one inferred head.</summary>
public sealed class HandWritten : nn.Module<Tensor, Tensor>
{
    readonly Parameter embedding = new Parameter(torch.randn(64));
    [HypernetHead(300, 784, Embedding = 64, Activation = Activation.ReLU)]
    readonly Linear marked = nn.Linear(64, 300 * 784);
    readonly Linear inferred = nn.Linear(64, 10 * 300);
    [HypernetHead(10, 300, Embedding = 64)] // expect warning HG0023 (the Linear below makes 999 outputs)
    readonly Linear wrongShape = nn.Linear(64, 999);

    public HandWritten() : base(nameof(HandWritten))
    {
        RegisterComponents();
        nn.init.kaiming_uniform_(marked.weight!); // expect warning HG0001
        torch.nn.init.xavier_normal_(inferred.weight!); // expect warning HG0001
    }

    public override Tensor forward(Tensor x)
    {
        x = nn.functional.relu(nn.functional.linear(x, marked.forward(embedding).view(300, 784)));
        return nn.functional.linear(x, inferred.forward(embedding).view(10, 300));
    }
}

public static class Usage
{
    public static Mnist Make()
    {
        var model = new Mnist();
        foreach (var (name, p) in model.named_parameters())
            if (p.dim() > 1) nn.init.xavier_uniform_(p); // expect warning HG0001
        return model;
    }
}

[Hypernet] [Linear(4, 2)]
public class NotPartial { } // expect error HG0003

[Hypernet]
[Linear(784, 300)]
[Linear(200, 10)] // expect error HG0008
public partial class Mismatch { }

[Hypernet(Input = new[] { 1, 8, 8 })]
[Conv2d(1, 2, 3)]
[Linear(72, 10)] // expect error HG0018
public partial class NoFlatten { }

[Hypernet] [Linear(4, 2)]
public partial class Clash
{
    public static int embeddings; // expect error HG0014
}
