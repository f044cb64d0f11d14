using System.Linq;
using HyperGen.Generators.Helpers;
using HyperGen.Generators.Spec;
using static HyperGen.Generators.Emit.Code;

namespace HyperGen.Generators.Emit;

/// <summary>
/// The class's static <c>Definition</c>: everything the runtime base needs, as compile-time constants (anchor:
/// System.Text.Json's generated contexts handing JsonMetadataServices their metadata). Settings equal to the
/// attribute defaults (Shared/HypernetDefaults) are left out; the chunked head layout is the <c>chunk</c> setting.
/// </summary>
internal static class DefinitionPart
{
    public static void Write(EmitContext c)
    {
        var spec = c.Spec;
        string declaration = $"private static new {Hg}.HypernetDefinition {GeneratedNames.Definition}";
        if (c.Omits(GeneratedNames.Definition))
            return;
        if (spec.SurfaceOnly)
        {
            c.W.Line($"{declaration} => {c.Throw};");
            c.W.Line();
            return;
        }
        var w = c.W;
        w.Block($$"""
            {{declaration.Replace(" new ", " new readonly ")}} = new{{(spec.CSharp10 ? "" : " " + Hg + ".HypernetDefinition")}}({{c.NameLiteral}}, {{spec.Embedding}},
                new {{Hg}}.HypernetLayer[]
                {
            """);
        // One line per layer, written piece by piece (emitting is on the cold run's path). The spec lists each weight
        // followed by its bias: the parser orders them so, as the runtime's definition indexes them.
        // Each weight's layer by its row (no search per weight: a class may have thousands of layers).
        var weightLayers = spec.Layers.Where(l => l.WeightLayerIndex >= 0).ToDictionary(l => l.WeightLayerIndex);
        for (int i = 0; i < spec.Tensors.Count; i++)
        {
            var weight = spec.Tensors[i];
            if (weight.Role != TensorRole.Weight)
                continue;
            var bias = i + 1 < spec.Tensors.Count && spec.Tensors[i + 1] is { Role: TensorRole.Bias } next && next.EmbeddingRow == weight.EmbeddingRow ? next : null;
            var layer = weight.LayerKind == LayerKind.Custom ? null : weightLayers[weight.EmbeddingRow];
            w.StartLine().Append($"        ");
            Layer(w, layer, weight, bias);
            w.EndLine(",");
        }
        w.StartLine().Append($"    }}");
        WriteSettings(w, spec);
        w.EndLine(");");
        w.Line();
    }

    /// <summary>Every setting that differs from its default, as named arguments (<c>, hidden: new[] { 100 }</c>…).</summary>
    static void WriteSettings(SourceWriter w, HypernetSpec spec)
    {
        if (spec.Hidden.Count > 0)
        {
            w.Append($", hidden: new[] {{ ");
            for (int i = 0; i < spec.Hidden.Count; i++)
                w.Append($"{(i == 0 ? "" : ", ")}{spec.Hidden[i]}");
            w.Append($" }}");
        }
        if (spec.HiddenActivation != HypernetDefaults.HiddenActivation)
            w.Append($", hiddenActivation: {Hg}.Activation.{spec.HiddenActivation}");
        if (spec.Mode != HypernetDefaults.Init)
            w.Append($", mode: {Hg}.HyperfanMode.{spec.Mode}");
        if (spec.Calibrate != HypernetDefaults.Calibrate)
            w.Append($", calibrate: {Bool(spec.Calibrate)}");
        if (spec.Conditioning != Conditioning.None)
            w.Append($", conditioning: {Hg}.Conditioning.{spec.Conditioning}");
        if (spec.Conditioning == Conditioning.Task)
            w.Append($", conditions: {spec.Conditions}");
        if (spec.Conditioning != Conditioning.None)
            w.Append($", conditionWidth: {spec.ConditionWidth}");
        if (spec.ConditionSecondMoment != HypernetDefaults.ConditionSecondMoment)
            w.Append($", conditionSecondMoment: {Number(spec.ConditionSecondMoment)}");
        if (spec.Heads == HeadLayout.Chunked)
            w.Append($", chunk: {spec.Chunk}");
    }

    /// <summary>
    /// One mainnet layer: its weight and bias through the runtime's factories (which name them <c>{layer}Weight</c> /
    /// <c>{layer}Bias</c>, as Weights does), or a custom-forward hypernet's tensors spelled out.
    /// </summary>
    static void Layer(SourceWriter w, LayerSpec? layer, TensorSpec weight, TensorSpec? bias)
    {
        var shape = weight.LayerWeightShape;
        if (layer is not null)
        {
            if (weight.LayerKind == LayerKind.Linear)
                w.Append($"{Hg}.HypernetLayer.Linear(\"{layer.Name}\", {shape[1]}, {shape[0]}");
            else
                w.Append($"{Hg}.HypernetLayer.Conv(\"{layer.Name}\", {shape[1]}, {shape[0]}, new long[] {{ ").AppendDims(shape, skip: 2).Append($" }}");
            if (layer.Activation != HypernetDefaults.LayerActivation)
                w.Append($", {Hg}.Activation.{layer.Activation}");
            if (layer.Bias != HypernetDefaults.Bias)
                w.Append($", bias: false");
            if (layer.Activation == Activation.LeakyReLU && layer.NegativeSlope != HypernetDefaults.NegativeSlope)
                w.Append($", negativeSlope: {Number(layer.NegativeSlope)}");
            w.Append($")");
            return;
        }
        w.Append($"new {Hg}.HypernetLayer(");
        Tensor(w, weight);
        if (bias is not null)
        {
            w.Append($", ");
            Tensor(w, bias);
        }
        w.Append($")");
    }

    static void Tensor(SourceWriter w, TensorSpec t)
    {
        w.Append($"new {Hg}.TargetTensor(\"{t.Name}\", new long[] {{ ").AppendDims(t.Shape)
         .Append($" }}, {Hg}.TensorRole.{t.Role}, new {Hg}.Fans({t.FanIn}, {t.FanOut}), {Hg}.Activation.{t.Activation}, {Bool(t.LayerBiasGenerated)}");
        if (t.Activation == Activation.LeakyReLU)
            w.Append($", negativeSlope: {Number(t.NegativeSlope)}");
        w.Append($")");
    }
}
