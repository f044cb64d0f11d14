using System.Linq;
using HyperGen.Generators.Spec;
using static HyperGen.Generators.Emit.Code;
using static HyperGen.Generators.Spec.GeneratedNames;

namespace HyperGen.Generators.Emit;

/// <summary>
/// The mainnet from layer attributes as a pure function of input and weights, one plain TorchSharp call per layer;
/// for the batched forms also <c>MainnetBatched</c>, M mainnets at once (batched matmul, grouped convolution).
/// </summary>
internal sealed class GeneratedMainnet : MainnetPart
{
    public override void Write(EmitContext c)
    {
        var input = ExpectedInput(c.Spec);
        string shape = input is null ? "…" : Dims(input);
        WriteMainnet(c, Mainnet, $"The mainnet as a pure function of its input, [batch, {shape}], and its weights.", batched: false);
        if (c.Spec.Conditioning.IsBatched())
            WriteMainnet(c, MainnetBatched, $"M mainnets at once: x is [M, N, {shape}], w has a leading dimension M, mainnet m runs on x[m].", batched: true);
    }

    static void WriteMainnet(EmitContext c, string name, string summary, bool batched)
    {
        string signature = $"public static {Tensor} {name}({Tensor} x, {Weights} w)";
        if (c.Spec.SurfaceOnly || c.Omits(name))
        {
            c.Member(name, summary, signature, "");
            return;
        }
        var w = c.W;
        w.Summary(summary);
        w.Open(signature);
        if (ExpectedInput(c.Spec) is { } input)
            w.Line($"{Hg}.HypernetParts.CheckInput(x, {c.NameLiteral}, {Longs(input)});");
        foreach (var layer in c.Spec.Layers)
        {
            w.StartLine().Append($"x = ");
            Call(w, layer, batched);
            w.EndLine(";");
            if (layer.Kind.HasWeights() && layer.Activation != Activation.Identity)
                w.Line($"x = {ActivationCall(layer.Activation, layer.NegativeSlope)};");
        }
        w.Line("return x;");
        w.Close();
        w.Line();
    }

    /// <summary>The declared input shape, or the first linear layer's width; null when only Input could tell.</summary>
    static long[]? ExpectedInput(HypernetSpec spec)
    {
        if (!spec.Input.IsEmpty) return spec.Input.ToArray();
        return spec.Layers.Count > 0 && spec.Layers[0].Kind == LayerKind.Linear ? new long[] { spec.Layers[0].In } : null;
    }

    /// <summary>The layer's TorchSharp call on x (written in place: emitting is on the cold run's path).</summary>
    static void Call(Helpers.SourceWriter w, LayerSpec layer, bool batched)
    {
        const string parts = Hg + ".HypernetParts";
        string weight = WeightTensor(layer.Name);
        string bias = layer.Bias ? "w." + BiasTensor(layer.Name) : "null";
        switch (layer.Kind, batched)
        {
            case (LayerKind.Linear, false): w.Append($"{Functional}.linear(x, w.{weight}, {bias})"); break;
            case (LayerKind.Linear, true): w.Append($"{parts}.BatchedLinear(x, w.{weight}, {bias})"); break;
            case (LayerKind.Conv1d, false): w.Append($"{Functional}.conv1d(x, w.{weight}, {bias}, stride: {layer.Stride}, padding: {layer.Padding})"); break;
            case (LayerKind.Conv1d, true): w.Append($"{parts}.BatchedConv1d(x, w.{weight}, {bias}, {layer.Stride}, {layer.Padding})"); break;
            case (LayerKind.Conv2d, false):
                w.Append($"{Functional}.conv2d(x, w.{weight}, {bias}, strides: new long[] {{ {layer.Stride}, {layer.Stride} }}, padding: new long[] {{ {layer.Padding}, {layer.Padding} }})");
                break;
            case (LayerKind.Conv2d, true): w.Append($"{parts}.BatchedConv2d(x, w.{weight}, {bias}, {layer.Stride}, {layer.Padding})"); break;
            case (LayerKind.MaxPool2d, false): w.Append($"{Functional}.max_pool2d(x, {layer.Kernel}, {layer.Stride}, {layer.Padding})"); break;
            case (LayerKind.MaxPool2d, true): w.Append($"{parts}.BatchedMaxPool2d(x, {layer.Kernel}, {layer.Stride}, {layer.Padding})"); break;
            case (LayerKind.AvgPool2d, false): w.Append($"{Functional}.avg_pool2d(x, {layer.Kernel}, {layer.Stride}, {layer.Padding})"); break;
            case (LayerKind.AvgPool2d, true): w.Append($"{parts}.BatchedAvgPool2d(x, {layer.Kernel}, {layer.Stride}, {layer.Padding})"); break;
            case (LayerKind.Flatten, _): w.Append($"{(batched ? "x.flatten(2)" : "x.flatten(1)")}"); break;
            default: w.Append($"x"); break;
        }
    }

    static string ActivationCall(Activation activation, double slope) => activation switch
    {
        Activation.ReLU => $"{Functional}.relu(x)",
        Activation.LeakyReLU => $"{Functional}.leaky_relu(x, {Number(slope)})",
        Activation.Tanh => $"{Functional}.tanh(x)",
        Activation.Sigmoid => $"{Functional}.sigmoid(x)",
        Activation.GELU => $"{Functional}.gelu(x)",
        Activation.SELU => $"{Functional}.selu(x)",
        Activation.SiLU => $"{Functional}.silu(x)",
        _ => "x",
    };
}
