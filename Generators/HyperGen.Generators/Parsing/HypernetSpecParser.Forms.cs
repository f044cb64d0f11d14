using System.Collections.Generic;
using System.Linq;
using HyperGen.Generators.Helpers;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;

namespace HyperGen.Generators.Parsing;

// The conditional (task, data, noise), chunked and custom-forward forms: their [Hypernet] options, the
// [GenerateTensor] targets, and which combinations are supported.
internal static partial class HypernetSpecParser
{
    const string GenerateTensorShort = "GenerateTensorAttribute";

    public static bool IsGenerateTensorAttribute(AttributeData attribute)
    {
        var cls = attribute.AttributeClass;
        return cls is not null && cls.Name == GenerateTensorShort && IsHyperGenNamespace(cls.ContainingNamespace);
    }

    sealed partial class Context
    {
        HypernetSettings ReadForm(AttributeData a, HypernetSettings settings)
        {
            int conditions = NamedInt(a, "Conditions", 0);
            int conditionEmbedding = NamedInt(a, "ConditionEmbedding", 0);
            int conditionSize = NamedInt(a, "ConditionSize", 0);
            int noise = NamedInt(a, "Noise", 0);
            int chunk = NamedInt(a, "Chunk", 0);
            double conditionMoment = NamedDouble(a, "ConditionSecondMoment", HypernetDefaults.ConditionSecondMoment);

            foreach (var (name, value) in new[] { ("Conditions", conditions), ("ConditionEmbedding", conditionEmbedding), ("ConditionSize", conditionSize), ("Noise", noise), ("Chunk", chunk) })
            {
                if (value < 0)
                    Report(ProblemKind.NonPositiveSize, NamedLocation(a, name), name, Text(value));
                else if (value > MaxWidth)
                    Report(ProblemKind.AbsurdSize, NamedLocation(a, name), name, Text(value), Text(MaxWidth));
            }
            // The condition is a float32 tensor: a second moment outside float32's normal range cannot be its E[c²], and
            // beyond it the runtime's head-input moment overflows (1e308 throws at construction) or underflows.
            if (!(conditionMoment >= SmallestNormalSingle && conditionMoment <= float.MaxValue))
                Report(ProblemKind.InvalidArgument, NamedLocation(a, "ConditionSecondMoment"), "ConditionSecondMoment",
                    conditionMoment.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    "a second moment must be positive, finite and within float32's normal range (1.18E-38 to 3.4E+38): it is E[c²] of a float32 condition");

            var forms = new List<(string Option, Conditioning Conditioning)>();
            if (conditions > 0) forms.Add(("Conditions", Conditioning.Task));
            if (conditionSize > 0) forms.Add(("ConditionSize", Conditioning.Input));
            if (noise > 0) forms.Add(("Noise", Conditioning.Noise));
            if (forms.Count > 1)
                Report(ProblemKind.UnsupportedCombination, NamedLocation(a, forms[1].Option), type.Name, forms[0].Option, forms[1].Option,
                    "choose one way to condition the hypernet");
            if (chunk > 0 && forms.Count > 0)
                Report(ProblemKind.UnsupportedCombination, NamedLocation(a, "Chunk"), type.Name, "Chunk", forms[0].Option,
                    "chunked hypernets are unconditional");
            if (conditionEmbedding > 0 && conditions == 0)
                Report(ProblemKind.InvalidArgument, NamedLocation(a, "ConditionEmbedding"), "ConditionEmbedding", Text(conditionEmbedding),
                    "it only applies with Conditions (the task-conditioned form)");
            if (conditionSize > 0 && Named(a, "Calibrate")?.Value is true)
                Report(ProblemKind.InvalidArgument, NamedLocation(a, "Calibrate"), "Calibrate", "true",
                    "an input-conditioned hypernet's head inputs depend on data not known at init; it uses the declared ConditionSecondMoment");

            var form = forms.Count > 0 ? forms[0].Conditioning : Conditioning.None;
            int width = form switch
            {
                Conditioning.Task => conditionEmbedding > 0 ? conditionEmbedding : settings.Embedding,
                Conditioning.Input => conditionSize,
                Conditioning.Noise => noise,
                _ => 0,
            };
            return settings with
            {
                Conditioning = form,
                Conditions = conditions,
                ConditionWidth = width,
                ConditionSecondMoment = conditionMoment,
                Chunk = chunk,
                Calibrate = form != Conditioning.Input && settings.Calibrate,
            };
        }

        /// <summary>Reads [GenerateTensor] targets (the custom-forward form) into tensor specs.</summary>
        List<TensorSpec>? ReadCustomTensors(IReadOnlyList<AttributeData> attributes, HypernetSettings settings)
        {
            int count = Problems.Count;
            var names = new Dictionary<string, AttributeData>(System.StringComparer.Ordinal);
            var read = new List<(AttributeData Data, string Name, long[] Shape, string? BiasOf, Activation Activation, double Slope, int FanIn, int FanOut)>();
            foreach (var a in attributes)
            {
                if (a.AttributeConstructor is null || a.ConstructorArguments.Any(c => c.Kind == TypedConstantKind.Error))
                {
                    Report(ProblemKind.InvalidArgument, AttributeLocation(a), "GenerateTensor", "unreadable", "fix the compiler errors in its arguments");
                    continue;
                }
                string name = a.ConstructorArguments.Length > 0 ? a.ConstructorArguments[0].Value as string ?? "" : "";
                var shape = a.ConstructorArguments.Length > 1 && a.ConstructorArguments[1].Kind == TypedConstantKind.Array
                    ? a.ConstructorArguments[1].Values.Select(v => v.Value is int i ? (long)i : 0L).ToArray()
                    : System.Array.Empty<long>();
                var nameLocation = ArgumentLocation(a, 0);
                if (Identifiers.Problem(name, name) is { } problem)
                    Report(ProblemKind.BadName, nameLocation, "Tensor name", name, problem);
                else if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
                    Report(ProblemKind.BadName, nameLocation, "Tensor name", name, "is not a valid C# identifier");
                // The property is named exactly as written (GenerateTensorAttribute.Name: "the property name on Weights");
                // names equal but for the first letter's case still clash: their heads would share a name.
                else if (!ClaimTensorNames(names, a, name))
                    Report(ProblemKind.BadName, nameLocation, "Tensor name", name, "is used by two tensors");
                else if (ReservedTensorName(name) is { } reserved)
                    Report(ProblemKind.BadName, nameLocation, "Tensor name", name, "is a name the generated Weights or Targets already use");
                if (shape.Length == 0)
                    Report(ProblemKind.InvalidArgument, AttributeLocation(a), $"The shape of '{name}'", "empty", "give its extents, e.g. [GenerateTensor(\"W1\", 64, 16)]");
                for (int i = 0; i < shape.Length; i++)
                {
                    if (shape[i] <= 0)
                        Report(ProblemKind.NonPositiveSize, ArgumentLocation(a, 1, i), $"Dimension {i} of '{name}'", Text(shape[i]));
                    else if (shape[i] > MaxWidth)
                        Report(ProblemKind.AbsurdSize, ArgumentLocation(a, 1, i), $"Dimension {i} of '{name}'", Text(shape[i]), Text(MaxWidth));
                }
                int fanIn = NamedInt(a, "FanIn", 0), fanOut = NamedInt(a, "FanOut", 0);
                if (fanIn < 0) Report(ProblemKind.NonPositiveSize, NamedLocation(a, "FanIn"), $"FanIn of '{name}'", Text(fanIn));
                if (fanOut < 0) Report(ProblemKind.NonPositiveSize, NamedLocation(a, "FanOut"), $"FanOut of '{name}'", Text(fanOut));
                read.Add((a, name, shape, NamedString(a, "BiasOf"), NamedEnum<Activation>(a, "Activation", HypernetDefaults.LayerActivation),
                    NamedDouble(a, "NegativeSlope", HypernetDefaults.NegativeSlope), fanIn, fanOut));
            }
            if (Problems.Count > count)
                return null;

            var byName = read.ToDictionary(r => r.Name, System.StringComparer.Ordinal);
            var rows = new Dictionary<string, int>(System.StringComparer.Ordinal);
            var withBias = new HashSet<string>(read.Where(r => r.BiasOf is not null).Select(r => r.BiasOf!), System.StringComparer.Ordinal);
            var tensors = new List<TensorSpec>();
            foreach (var r in read.Where(r => r.BiasOf is null))
            {
                if (r.Shape.Length < 2 && (r.FanIn == 0 || r.FanOut == 0))
                {
                    Report(ProblemKind.InvalidArgument, AttributeLocation(r.Data), $"The shape of '{r.Name}'", "[" + Shape(r.Shape) + "]",
                        "a weight needs [out, in, kernel…], or FanIn and FanOut set; a bias needs BiasOf");
                    continue;
                }
                long field = r.Shape.Skip(2).Aggregate(1L, (x, y) => x * y);
                long fanIn = r.FanIn > 0 ? r.FanIn : r.Shape[1] * field, fanOut = r.FanOut > 0 ? r.FanOut : r.Shape[0] * field;
                // A bias takes its weight's activation and slope (its own NegativeSlope is not read).
                CheckSlope(r.Data, () => $"'{r.Name}'", r.Activation, r.Slope, fanIn, fanOut);
                rows[r.Name] = rows.Count;
                tensors.Add(CustomTensor(r.Data, r.Name, TensorRole.Weight, r.Shape, r.Shape, fanIn, fanOut, rows[r.Name], r.Activation, r.Slope, withBias.Contains(r.Name), settings));
            }
            foreach (var r in read.Where(r => r.BiasOf is not null))
            {
                string of = r.BiasOf!;
                if (!byName.TryGetValue(of, out var weight) || weight.BiasOf is not null || !rows.ContainsKey(of))
                {
                    Report(ProblemKind.InvalidArgument, NamedLocation(r.Data, "BiasOf"), $"BiasOf of '{r.Name}'", $"'{r.BiasOf}'",
                        "it must name a weight tensor declared with [GenerateTensor] on this class");
                    continue;
                }
                var w = tensors[rows[of]]; // the weights were added in row order
                if (r.Shape.Length != 1 || r.Shape[0] != weight.Shape[0])
                {
                    Report(ProblemKind.SizeMismatch, ArgumentLocation(r.Data, 1), $"The shape of bias '{r.Name}'", "[" + Shape(r.Shape) + "]", $"[{weight.Shape[0]}] (the out dimension of '{of}')");
                    continue;
                }
                tensors.Add(CustomTensor(r.Data, r.Name, TensorRole.Bias, r.Shape, w.Shape.ToArray(), w.FanIn, w.FanOut, w.EmbeddingRow, w.Activation, w.NegativeSlope, true, settings));
            }
            // Layer by layer, as the runtime's definition holds them: each weight (in declaration order), then its bias.
            return Problems.Count > count ? null : tensors.OrderBy(t => t.EmbeddingRow).ThenBy(t => t.Role).ToList();
        }

        TensorSpec CustomTensor(AttributeData a, string name, TensorRole role, long[] shape, long[] weightShape, long fanIn, long fanOut, int row,
            Activation activation, double slope, bool layerBias, HypernetSettings settings)
        {
            long elements = shape.Aggregate(1L, (x, y) => x > long.MaxValue / System.Math.Max(y, 1) ? long.MaxValue : x * y);
            if (elements > MaxTensorElements)
                Report(ProblemKind.AbsurdSize, AttributeLocation(a), $"'{name}'", Text(elements) + " elements", Text(MaxTensorElements));
            else if (settings.Chunk == 0 && elements * settings.HeadInputWidth > MaxHeadElements)
                Report(ProblemKind.AbsurdSize, AttributeLocation(a), $"The head generating '{name}'", Text(elements * settings.HeadInputWidth) + " parameters", Text(MaxHeadElements));
            return new TensorSpec(name, role, shape.ToEquatableArray(), weightShape.ToEquatableArray(), fanIn, fanOut, elements,
                LayerKind.Custom, row, activation, slope, layerBias);
        }
    }
}
