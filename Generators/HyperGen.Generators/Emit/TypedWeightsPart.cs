using System.Globalization;
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
        string parameters = string.Join(", ", tensors.Select(t => $"{Tensor} {WeightsParameter(t)}"));
        string arguments = string.Concat(tensors.Select(t => ", " + WeightsParameter(t)));
        var w = c.W;
        w.Block($$"""
            /// <summary>The tensors {{c.Spec.TypeName}} generates, one typed property each.</summary>
            public sealed class {{Weights}} : {{Hg}}.HypernetWeights
            {
                /// <summary>Wraps tensors of the shapes in Targets.</summary>
                public {{Weights}}({{parameters}}) : base({{Definition}}{{arguments}}) { }

                internal {{Weights}}({{Tensor}}[] tensors) : base({{Definition}}, tensors) { }

            """);
        for (int i = 0; i < tensors.Count; i++)
        {
            w.Line("    " + "/// <summary>" + SourceWriterXml(Describe(tensors[i], c.Spec.Mode)) + "</summary>");
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

    /// <summary><c>[300, 784] Linear weight, ReLU; hyperfan-in target Var 0.00128.</c></summary>
    static string Describe(TensorSpec t, HyperfanMode mode)
    {
        double c = GainTable.Squared(t.Activation, t.NegativeSlope);
        double target = t.Role == TensorRole.Weight
            ? GainTable.WeightVariance(mode, t.FanIn, t.FanOut, c, t.LayerBiasGenerated)
            : GainTable.BiasVariance(mode, t.FanIn, t.FanOut, c);
        string layer = t.LayerKind == LayerKind.Custom ? $"fans {t.FanIn}/{t.FanOut}" : t.LayerKind.ToString();
        string after = t.Activation == Activation.Identity ? "" : $", {t.Activation}";
        string role = t.Role == TensorRole.Weight ? "weight" : "bias";
        return $"[{Dims(t.Shape)}] {layer} {role}{after}; {HypernetEmitter.ModeName(mode)} target Var {target.ToString("G3", CultureInfo.InvariantCulture)}.";
    }

    static string SourceWriterXml(string text) => Helpers.SourceWriter.Xml(text);
}
