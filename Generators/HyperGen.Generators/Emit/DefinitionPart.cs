using System.Collections.Generic;
using System.Linq;
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
        c.W.Block($$"""
            {{declaration.Replace(" new ", " new readonly ")}} = new {{Hg}}.HypernetDefinition({{c.NameLiteral}}, {{spec.Embedding}},
                new {{Hg}}.HypernetLayer[]
                {
            """);
        foreach (var layer in spec.Tensors.GroupBy(t => t.EmbeddingRow))
            c.W.Line("        " + Layer(spec, layer.First(t => t.Role == TensorRole.Weight), layer.FirstOrDefault(t => t.Role == TensorRole.Bias)) + ",");
        c.W.Line("    }" + string.Concat(Settings(spec).Select(setting => ", " + setting)) + ");");
        c.W.Line();
    }

    /// <summary>Every setting that differs from its default, as named arguments.</summary>
    static IEnumerable<string> Settings(HypernetSpec spec)
    {
        if (spec.Hidden.Count > 0)
            yield return $"hidden: new[] {{ {string.Join(", ", spec.Hidden.Select(h => Int(h)))} }}";
        if (spec.HiddenActivation != HypernetDefaults.HiddenActivation)
            yield return $"hiddenActivation: {Hg}.Activation.{spec.HiddenActivation}";
        if (spec.Mode != HypernetDefaults.Init)
            yield return $"mode: {Hg}.HyperfanMode.{spec.Mode}";
        if (spec.Calibrate != HypernetDefaults.Calibrate)
            yield return $"calibrate: {Bool(spec.Calibrate)}";
        if (spec.Conditioning != Conditioning.None)
            yield return $"conditioning: {Hg}.Conditioning.{spec.Conditioning}";
        if (spec.Conditioning == Conditioning.Task)
            yield return $"conditions: {spec.Conditions}";
        if (spec.Conditioning != Conditioning.None)
            yield return $"conditionWidth: {spec.ConditionWidth}";
        if (spec.ConditionSecondMoment != HypernetDefaults.ConditionSecondMoment)
            yield return $"conditionSecondMoment: {Number(spec.ConditionSecondMoment)}";
        if (spec.Heads == HeadLayout.Chunked)
            yield return $"chunk: {spec.Chunk}";
    }

    /// <summary>
    /// One mainnet layer: its weight and bias through the runtime's factories (which name them <c>{layer}Weight</c> /
    /// <c>{layer}Bias</c>, as Weights does), or a custom-forward hypernet's tensors spelled out.
    /// </summary>
    static string Layer(HypernetSpec spec, TensorSpec weight, TensorSpec? bias)
    {
        var w = weight.LayerWeightShape;
        string Extras(Activation activation, double slope, bool hasBias) =>
            (activation == HypernetDefaults.LayerActivation ? "" : $", {Hg}.Activation.{activation}")
            + (hasBias == HypernetDefaults.Bias ? "" : ", bias: false")
            + (activation == Activation.LeakyReLU && slope != HypernetDefaults.NegativeSlope ? $", negativeSlope: {Number(slope)}" : "");
        if (weight.LayerKind != LayerKind.Custom)
        {
            var layer = spec.Layers.First(l => l.WeightLayerIndex == weight.EmbeddingRow);
            string extras = Extras(layer.Activation, layer.NegativeSlope, layer.Bias);
            return weight.LayerKind == LayerKind.Linear
                ? $"{Hg}.HypernetLayer.Linear(\"{layer.Name}\", {w[1]}, {w[0]}{extras})"
                : $"{Hg}.HypernetLayer.Conv(\"{layer.Name}\", {w[1]}, {w[0]}, new long[] {{ {Dims(w.Skip(2))} }}{extras})";
        }
        return $"new {Hg}.HypernetLayer({Tensor(weight)}{(bias is null ? "" : ", " + Tensor(bias))})";
    }

    static string Tensor(TensorSpec t)
    {
        string slope = t.Activation == Activation.LeakyReLU ? $", negativeSlope: {Number(t.NegativeSlope)}" : "";
        return $"new {Hg}.TargetTensor(\"{t.Name}\", new long[] {{ {Dims(t.Shape)} }}, {Hg}.TensorRole.{t.Role}, new {Hg}.Fans({t.FanIn}, {t.FanOut}), " +
               $"{Hg}.Activation.{t.Activation}, {Bool(t.LayerBiasGenerated)}{slope})";
    }
}
