using System.Linq;
using HyperGen.Generators.Spec;
using static HyperGen.Generators.Emit.Code;
using static HyperGen.Generators.Spec.GeneratedNames;

namespace HyperGen.Generators.Emit;

/// <summary>
/// The typed views of the generated tensors: <c>Weights</c> (one property per tensor over the runtime's
/// HypernetWeights) and <c>Targets</c> (one TargetTensor per tensor, from the definition).
/// </summary>
internal static class TypedWeightsPart
{
    public static void Write(EmitContext c)
    {
        if (!c.Omits(Weights))
            WriteWeights(c);
        if (!c.Omits(Targets))
            WriteTargets(c);
    }

    static void WriteWeights(EmitContext c)
    {
        var tensors = c.Spec.Tensors;
        var w = c.W;
        w.Line($"/// <summary>The tensors {c.Spec.TypeName} generates, one typed property each.</summary>");
        w.Line($"public sealed class {Weights} : {Hg}.HypernetWeights");
        w.Line("{");
        w.Line("    /// <summary>Wraps tensors of the shapes in Targets.</summary>");
        // Written piece by piece: one line lists every tensor twice (emitting is on the cold run's path).
        w.StartLine().Append($"    public {Weights}(");
        for (int i = 0; i < tensors.Count; i++)
            w.Append($"{(i == 0 ? "" : ", ")}{Tensor} {WeightsParameter(tensors[i])}");
        w.Append($") : base({Definition}");
        foreach (var t in tensors)
            w.Append($", {WeightsParameter(t)}");
        w.EndLine(") { }");
        w.Line();
        w.Line($"    internal {Weights}({Tensor}[] tensors) : base({Definition}, tensors) {{ }}");
        w.Line();
        for (int i = 0; i < tensors.Count; i++)
        {
            w.StartLine().Append($"    /// <summary>");
            Describe(w, tensors[i], c.Spec.Mode);
            w.EndLine("</summary>");
            w.Line($"    public {Tensor} {tensors[i].Name} => Tensors[{i}];");
        }
        w.Line("}");
        w.Line();
    }

    static void WriteTargets(EmitContext c)
    {
        var w = c.W;
        w.Block($$"""
            /// <summary>What each generated tensor is: shape, role, fans, activation, and its hyperfan target.</summary>
            public static class {{Targets}}
            {
            """);
        for (int i = 0; i < c.Spec.Tensors.Count; i++)
        {
            string name = c.Spec.Tensors[i].Name;
            w.Line($"    /// <inheritdoc cref=\"{Weights}.{name}\"/>");
            w.Line($"    public static {Hg}.TargetTensor {name} => {Definition}.Targets[{i}];");
        }
        w.Block($$"""
                /// <summary>Every generated tensor, in order.</summary>
                public static global::System.Collections.Generic.IReadOnlyList<{{Hg}}.TargetTensor> {{AllTargets}} => {{Definition}}.Targets;
            }
            """);
    }

    /// <summary>
    /// <c>[300, 784] Linear weight, ReLU; hyperfan-in target Var 0.00128.</c> (Nothing in it needs XML escaping: dimensions,
    /// enum names, numbers.)
    /// </summary>
    static void Describe(Helpers.SourceWriter w, TensorSpec t, HyperfanMode mode)
    {
        double c = GainTable.Squared(t.Activation, t.NegativeSlope);
        double target = t.Role == TensorRole.Weight
            ? GainTable.WeightVariance(mode, t.FanIn, t.FanOut, c, t.LayerBiasGenerated)
            : GainTable.BiasVariance(mode, t.FanIn, t.FanOut, c);
        w.Append($"[").AppendDims(t.Shape);
        if (t.LayerKind == LayerKind.Custom)
            w.Append($"] fans {t.FanIn}/{t.FanOut} ");
        else
            w.Append($"] {t.LayerKind} ");
        w.Append($"{(t.Role == TensorRole.Weight ? "weight" : "bias")}");
        if (t.Activation != Activation.Identity)
            w.Append($", {t.Activation}");
        w.Append($"; {HypernetEmitter.ModeName(mode)} target Var {target:G3}.");
    }
}
