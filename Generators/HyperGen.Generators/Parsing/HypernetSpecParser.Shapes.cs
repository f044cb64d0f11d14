using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HyperGen.Generators.Helpers;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;

namespace HyperGen.Generators.Parsing;

// Shape inference from Input through conv/pool/flatten/linear, and the generated tensors of each weight layer.
internal static partial class HypernetSpecParser
{
    /// <summary>Diagnostic property (HG0008) holding the size the previous layer produces, for the code fix.</summary>
    public const string InferredProperty = "Inferred";

    /// <summary><c>Encoder</c> from <c>encoder</c>: generated property names are PascalCase.</summary>
    internal static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    /// <summary><c>encoder</c> from <c>Encoder</c>: generated field names are camelCase.</summary>
    internal static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    sealed partial class Context
    {
        /// <summary>The layer's output shape from its input shape (empty = unknown), or null after reporting why it has none.</summary>
        EquatableArray<long>? InferOutput(AttributeData a, LayerSpec layer, EquatableArray<long> input)
        {
            string label = Label(a, layer.Kind);
            switch (layer.Kind)
            {
                case LayerKind.Flatten:
                    return input.IsEmpty ? input : EquatableArray.Create(Product(input));
                case LayerKind.Linear:
                    if (!input.IsEmpty && input.Count != 1)
                    {
                        Report(ProblemKind.NeedsFlatten, AttributeLocation(a), Props(("Features", Text(Product(input)))),
                            label, Shape(input), Text(Product(input)));
                        return null;
                    }
                    if (!input.IsEmpty && input[0] != layer.In)
                        Report(ProblemKind.SizeMismatch, ArgumentLocation(a, 0), InferredSize(input[0]),
                            "inFeatures of " + label, Text(layer.In), Text(input[0]));
                    return EquatableArray.Create((long)layer.Out);
                default:
                    return InferSpatial(a, layer, input, label);
            }
        }

        /// <summary>
        /// The code fix's data for HG0008: the size the previous layer produces, only when it fits the attribute's
        /// <c>int</c> parameter (a fix must never write a truncated number).
        /// </summary>
        static ImmutableDictionary<string, string?> InferredSize(long size) =>
            size is > 0 and <= int.MaxValue ? Props((InferredProperty, Text(size))) : ImmutableDictionary<string, string?>.Empty;

        EquatableArray<long>? InferSpatial(AttributeData a, LayerSpec layer, EquatableArray<long> input, string label)
        {
            int rank = layer.Kind == LayerKind.Conv1d ? 1 : 2;
            bool conv = layer.Kind.HasWeights();
            if (input.IsEmpty)
            {
                string example = rank == 1 ? $"{(conv ? layer.In : 1)}, 100" : $"{(conv ? layer.In : 1)}, 28, 28";
                Report(ProblemKind.ConvNeedsInput, AttributeLocation(a), label, example);
                return null;
            }
            if (input.Count != rank + 1)
            {
                string needs = rank == 1 ? "[channels, length]" : "[channels, height, width]";
                Report(ProblemKind.InputDoesNotFit, AttributeLocation(a), label, needs, Shape(input));
                return null;
            }
            long channels = input[0];
            if (conv && channels != layer.In)
                Report(ProblemKind.SizeMismatch, ArgumentLocation(a, 0), InferredSize(channels),
                    "inChannels of " + label, Text(layer.In), Text(channels));
            var output = new List<long> { conv ? layer.Out : channels };
            for (int d = 1; d <= rank; d++)
            {
                long span = input[d] + 2L * layer.Padding - layer.Kernel;
                output.Add(span < 0 ? 0 : span / layer.Stride + 1);
            }
            if (output.Any(x => x <= 0))
            {
                Report(ProblemKind.ShapeCollapses, AttributeLocation(a), label, Shape(input), Shape(output));
                return null;
            }
            return output.ToEquatableArray();
        }

        void AddTensors(AttributeData a, LayerSpec layer, HypernetSettings settings, List<TensorSpec> tensors)
        {
            int kernelDims = layer.Kind switch { LayerKind.Conv1d => 1, LayerKind.Conv2d => 2, _ => 0 };
            var weightShape = new List<long> { layer.Out, layer.In };
            long field = 1;
            for (int d = 0; d < kernelDims; d++)
            {
                weightShape.Add(layer.Kernel);
                field *= layer.Kernel;
            }
            long elements = Product(weightShape);
            string label = Label(a, layer.Kind);
            long headWidth = settings.HeadInputWidth;
            if (elements > MaxTensorElements)
            {
                Report(ProblemKind.AbsurdSize, AttributeLocation(a), "The weight generated by " + label, Text(elements), Text(MaxTensorElements));
                return;
            }
            // The chunked form has no head per tensor (one shared head of Chunk outputs, checked with the chunks).
            if (settings.Chunk == 0 && elements * headWidth > MaxHeadElements)
            {
                Report(ProblemKind.AbsurdSize, AttributeLocation(a), "The head generating the weight of " + label, Text(elements * headWidth) + " parameters",
                    Text(MaxHeadElements));
                return;
            }
            var shape = weightShape.ToEquatableArray();
            string prefix = Pascal(layer.Name);
            CheckTensorName(prefix + "Weight", shape.Count, NamedLocation(a, "Name"), "Layer name", layer.Name);
            if (layer.Bias)
                CheckTensorName(prefix + "Bias", 1, NamedLocation(a, "Name"), "Layer name", layer.Name);
            tensors.Add(new TensorSpec(prefix + "Weight", Camel(prefix) + "WeightHead", RoleKind.Weight, shape, shape,
                layer.In * field, layer.Out * field, elements, layer.Kind, layer.WeightLayerIndex, layer.Activation, layer.NegativeSlope, layer.Bias));
            if (layer.Bias)
                tensors.Add(new TensorSpec(prefix + "Bias", Camel(prefix) + "BiasHead", RoleKind.Bias, EquatableArray.Create((long)layer.Out), shape,
                    layer.In * field, layer.Out * field, layer.Out, layer.Kind, layer.WeightLayerIndex, layer.Activation, layer.NegativeSlope, true));
        }

        static long Product(IEnumerable<long> values)
        {
            long p = 1;
            foreach (long v in values)
                p = p > long.MaxValue / System.Math.Max(v, 1) ? long.MaxValue : p * v;
            return p;
        }
    }
}
