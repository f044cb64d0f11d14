using System;
using System.Collections.Generic;
using System.Linq;
using HyperGen;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Statistics;

/// <summary>How the test initialises the output heads.</summary>
public enum HeadInitKind { Hyperfan, Xavier, Kaiming }

/// <summary>
/// A hypernet written by hand against the public runtime API, the way a user without the generator
/// would: one learned embedding per mainnet layer (U(−√3, √3), so V_e = 1), an optional Kaiming/ReLU
/// hidden MLP shared by the layers, and one linear head per generated tensor.
/// </summary>
public sealed class HandWrittenHypernet : nn.Module
{
    readonly ParameterList embeddings = new();
    readonly ModuleList<Linear> hidden = new();
    readonly ModuleList<Linear> heads = new();
    readonly int[] layerOfTarget;

    public HandWrittenHypernet(int[] sizes, Activation[] activations, int embedding, int[] hiddenWidths, bool bias) : base(nameof(HandWrittenHypernet))
    {
        var targets = new List<TargetTensor>();
        var layers = new List<int>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            targets.Add(TargetTensor.LinearWeight($"fc{l + 1}.weight", sizes[l], sizes[l + 1], activations[l], bias));
            layers.Add(l);
            if (bias)
            {
                targets.Add(TargetTensor.LinearBias($"fc{l + 1}.bias", sizes[l], sizes[l + 1], activations[l]));
                layers.Add(l);
            }
            embeddings.Add(new Parameter(empty(embedding)));
        }
        Targets = targets.ToArray();
        layerOfTarget = layers.ToArray();
        int width = embedding;
        foreach (int h in hiddenWidths)
        {
            hidden.Add(nn.Linear(width, h));
            width = h;
        }
        HeadInputDim = width;
        foreach (var t in Targets)
            heads.Add(nn.Linear(width, t.ElementCount));
        RegisterComponents();
    }

    public TargetTensor[] Targets { get; }
    public int HeadInputDim { get; }
    public int Layers => embeddings.Count;

    /// <summary>The input of layer <paramref name="layer"/>'s heads: its embedding through the hidden MLP.</summary>
    public Tensor HeadInput(int layer)
    {
        Tensor h = embeddings[layer];
        foreach (var linear in hidden)
            h = nn.functional.relu(linear.forward(h));
        return h;
    }

    public Tensor[] Generate()
    {
        var inputs = Enumerable.Range(0, Layers).Select(HeadInput).ToArray();
        return Targets.Select((t, i) => heads[i].forward(inputs[layerOfTarget[i]]).view(t.ShapeArray())).ToArray();
    }

    /// <summary>Draws embeddings and hidden layers, then the heads the chosen way.</summary>
    public void Initialise(HeadInitKind kind, HyperfanMode mode = HyperfanMode.In, bool calibrated = false)
    {
        using var _ = no_grad();
        foreach (var e in embeddings)
            e.uniform_(-System.Math.Sqrt(3), System.Math.Sqrt(3));           // V_e = 1
        foreach (var linear in hidden)
        {
            HyperInit.UniformWithVariance(linear.weight!, 2.0 / linear.in_features); // Kaiming, ReLU: keeps E[h²]
            linear.bias!.zero_();
        }
        for (int i = 0; i < Targets.Length; i++)
        {
            var head = heads[i];
            switch (kind)
            {
                case HeadInitKind.Hyperfan:
                    double moment = calibrated ? SecondMoment.Calibrated(HeadInput(layerOfTarget[i])) : 1.0;
                    HyperInit.InitHead(head, Targets[i], mode, moment);
                    break;
                case HeadInitKind.Xavier:
                    nn.init.xavier_uniform_(head.weight!);
                    head.bias!.zero_();
                    break;
                case HeadInitKind.Kaiming:
                    nn.init.kaiming_uniform_(head.weight!, 0, nn.init.FanInOut.FanIn, nn.init.NonlinearityType.ReLU);
                    head.bias!.zero_();
                    break;
            }
        }
    }

    /// <summary>Runs the mainnet on <paramref name="x"/> with generated weights, returning every layer's output.</summary>
    public List<Tensor> MainnetActivations(Tensor x, Tensor[] generated, bool bias)
    {
        var outputs = new List<Tensor>();
        int t = 0;
        for (int l = 0; l < Layers; l++)
        {
            Tensor w = generated[t++];
            Tensor? b = bias ? generated[t++] : null;
            x = nn.functional.linear(x, w, b);
            if (Targets[bias ? 2 * l : l].Activation == Activation.ReLU)
                x = nn.functional.relu(x);
            outputs.Add(x);
        }
        return outputs;
    }
}
