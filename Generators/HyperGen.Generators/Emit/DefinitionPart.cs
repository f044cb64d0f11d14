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
            {{declaration.Replace(" new ", " new readonly ")}} = new(nameof({{c.Type}}), {{spec.Embedding}},
                new {{Hg}}.TargetTensor[]
                {
            """);
        foreach (var t in spec.Tensors)
            c.W.Line("        " + Target(t) + ",");
        c.W.Line("    },");
        c.W.Line("    " + string.Join(", ", Settings(spec)) + ");");
        c.W.Line();
    }

    /// <summary>The rows, then every setting that differs from its default, as named arguments.</summary>
    static IEnumerable<string> Settings(HypernetSpec spec)
    {
        yield return $"rows: new[] {{ {string.Join(", ", spec.Tensors.Select(t => Int(t.EmbeddingRow)))} }}";
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

    /// <summary>One generated tensor, through the runtime's TargetTensor factories (which check it again at run time).</summary>
    static string Target(TensorSpec t)
    {
        string name = "\"" + t.Name + "\"";
        string activation = $"{Hg}.Activation.{t.Activation}";
        string slope = t.Activation == Activation.LeakyReLU ? $", negativeSlope: {Number(t.NegativeSlope)}" : "";
        var w = t.LayerWeightShape;
        string kernel = $"new long[] {{ {Dims(w.Skip(2))} }}";
        return (t.LayerKind, t.Role) switch
        {
            (LayerKind.Linear, TensorRole.Weight) => $"{Hg}.TargetTensor.LinearWeight({name}, {w[1]}, {w[0]}, {activation}, {Bool(t.LayerBiasGenerated)}{slope})",
            (LayerKind.Linear, _) => $"{Hg}.TargetTensor.LinearBias({name}, {w[1]}, {w[0]}, {activation}{slope})",
            (LayerKind.Conv1d or LayerKind.Conv2d, TensorRole.Weight) => $"{Hg}.TargetTensor.ConvWeight({name}, {w[1]}, {w[0]}, {kernel}, {activation}, {Bool(t.LayerBiasGenerated)}{slope})",
            (LayerKind.Conv1d or LayerKind.Conv2d, _) => $"{Hg}.TargetTensor.ConvBias({name}, {w[1]}, {w[0]}, {kernel}, {activation}{slope})",
            _ => $"new {Hg}.TargetTensor({name}, new long[] {{ {Dims(t.Shape)} }}, {Hg}.TensorRole.{t.Role}, new {Hg}.Fans({t.FanIn}, {t.FanOut}), {activation}, {Bool(t.LayerBiasGenerated)}{slope})",
        };
    }
}
