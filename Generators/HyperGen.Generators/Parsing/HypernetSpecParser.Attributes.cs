using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using HyperGen.Generators.Helpers;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperGen.Generators.Parsing;

// Reading attribute arguments, with a precise location for each one (the argument, or the array element).
internal static partial class HypernetSpecParser
{
    internal sealed record HypernetSettings(int Embedding, EquatableArray<int> Hidden, Activation HiddenActivation, HyperfanMode Mode,
        bool Calibrate, EquatableArray<long> Input)
    {
        public Conditioning Conditioning { get; init; }
        public int Conditions { get; init; }
        public int ConditionWidth { get; init; }
        public double ConditionSecondMoment { get; init; } = HypernetDefaults.ConditionSecondMoment;
        public int Chunk { get; init; }

        /// <summary>Width of the heads' input (for size limits).</summary>
        public long HeadInputWidth => Hidden.Count > 0 ? Hidden[Hidden.Count - 1] : Embedding + ConditionWidth;
    }

    sealed partial class Context
    {
        HypernetSettings ReadHypernet(AttributeData a)
        {
            int embedding = NamedInt(a, "Embedding", HypernetDefaults.Embedding);
            CheckWidth(a, "Embedding", "Embedding", embedding);
            var hidden = NamedIntArray(a, "Hidden");
            for (int i = 0; i < hidden.Count; i++)
                CheckWidth(a, "Hidden", $"Hidden[{i}]", hidden[i], i);
            var input = NamedIntArray(a, "Input");
            for (int i = 0; i < input.Count; i++)
                CheckWidth(a, "Input", $"Input[{i}]", input[i], i);
            if (input.Count > 3)
                Report(ProblemKind.InvalidArgument, NamedLocation(a, "Input"), "Input", "[" + string.Join(", ", input) + "]",
                    "give the shape without the batch dimension: { features }, { channels, length } or { channels, height, width }");
            var hiddenActivation = NamedEnum<Activation>(a, "HiddenActivation", HypernetDefaults.HiddenActivation);
            var mode = NamedEnum<HyperfanMode>(a, "Init", HypernetDefaults.Init);
            bool calibrate = NamedBool(a, "Calibrate", HypernetDefaults.Calibrate);
            var settings = new HypernetSettings(embedding, hidden, hiddenActivation, mode, calibrate,
                input.Select(i => (long)i).ToEquatableArray());
            return ReadForm(a, settings);
        }

        LayerSpec? ReadLayer(AttributeData a, LayerKind kind, int weightIndex, Dictionary<string, AttributeData> names)
        {
            if (a.AttributeConstructor is null || a.ConstructorArguments.Any(c => c.Kind == TypedConstantKind.Error))
            {
                Report(ProblemKind.InvalidArgument, AttributeLocation(a), kind.ToString(), "unreadable", "fix the compiler errors in its arguments");
                return null;
            }
            string label() => Label(a, kind); // for messages only: built when there is a problem
            int count = Problems.Count;
            int Positional(int i, string parameter)
            {
                int value = a.ConstructorArguments.Length > i && a.ConstructorArguments[i].Value is int v ? v : 0;
                if (value <= 0)
                    Report(ProblemKind.NonPositiveSize, ArgumentLocation(a, i), $"{parameter} of {label()}", Text(value));
                else if (value > MaxWidth)
                    Report(ProblemKind.AbsurdSize, ArgumentLocation(a, i), $"{parameter} of {label()}", Text(value), Text(MaxWidth));
                return value;
            }

            switch (kind)
            {
                case LayerKind.Flatten:
                    return new LayerSpec(kind, "", -1, 0, 0, 0, 0, 0, Activation.Identity, 0, false, default, default);
                case LayerKind.MaxPool2d:
                case LayerKind.AvgPool2d:
                {
                    int k = Positional(0, "kernelSize");
                    int stride = NamedInt(a, "Stride", HypernetDefaults.PoolingStride);
                    int padding = NamedInt(a, "Padding", HypernetDefaults.Padding);
                    if (stride < 0)
                        Report(ProblemKind.InvalidArgument, NamedLocation(a, "Stride"), $"Stride of {label()}", Text(stride), "use 0 (the window size) or a positive stride");
                    if (padding < 0 || (k > 0 && padding * 2 > k))
                        Report(ProblemKind.InvalidArgument, NamedLocation(a, "Padding"), $"Padding of {label()}", Text(padding), "pooling padding must be between 0 and half the window");
                    if (Problems.Count > count) return null;
                    return new LayerSpec(kind, "", -1, k, 0, k, stride == 0 ? k : stride, padding, Activation.Identity, 0, false, default, default);
                }
                default:
                {
                    bool linear = kind == LayerKind.Linear;
                    int inSize = Positional(0, linear ? "inFeatures" : "inChannels");
                    int outSize = Positional(1, linear ? "outFeatures" : "outChannels");
                    int k = linear ? 0 : Positional(2, "kernelSize");
                    int stride = linear ? 0 : NamedInt(a, "Stride", HypernetDefaults.ConvolutionStride);
                    int padding = linear ? 0 : NamedInt(a, "Padding", HypernetDefaults.Padding);
                    if (!linear && stride <= 0)
                        Report(ProblemKind.NonPositiveSize, NamedLocation(a, "Stride"), $"Stride of {label()}", Text(stride));
                    if (!linear && padding < 0)
                        Report(ProblemKind.InvalidArgument, NamedLocation(a, "Padding"), $"Padding of {label()}", Text(padding), "padding cannot be negative");
                    int shapeProblems = Problems.Count;
                    var activation = NamedEnum<Activation>(a, "Activation", HypernetDefaults.LayerActivation);
                    double slope = NamedDouble(a, "NegativeSlope", HypernetDefaults.NegativeSlope);
                    double field = kind switch { LayerKind.Conv1d => k, LayerKind.Conv2d => (double)k * k, _ => 1 }; // double: no overflow on absurd sizes
                    CheckSlope(a, label, activation, slope, inSize * field, outSize * field);
                    bool bias = NamedBool(a, "Bias", HypernetDefaults.Bias);
                    string name = NamedString(a, "Name") ?? GeneratedNames.DefaultLayerName(weightIndex);
                    int nameProblems = Problems.Count;
                    CheckName(a, name, names);
                    // A bad activation or slope leaves shapes and names intact: the layer still counts (a class with
                    // problems gets a surface, whose Weights then still has this layer's tensors). Bad sizes or a bad
                    // name do not.
                    if (shapeProblems > count || Problems.Count > nameProblems) return null;
                    return new LayerSpec(kind, name, weightIndex, inSize, outSize, k, stride, padding, activation, slope, bias, default, default);
                }
            }
        }

        void CheckName(AttributeData a, string name, Dictionary<string, AttributeData> names)
        {
            Location? location() => NamedLocation(a, "Name"); // found only for a problem
            string weight = GeneratedNames.WeightTensor(name), bias = GeneratedNames.BiasTensor(name);
            if (Identifiers.Problem(name, weight) is { } problem)
                Report(ProblemKind.BadName, location(), "Layer name", name, problem);
            // A keyword is refused (as for [GenerateTensor]); a contextual one (var, record, value…) is an identifier, and the
            // layer's names ({Name}Weight, {Name}Bias) are too.
            else if (SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None)
                Report(ProblemKind.BadName, location(), "Layer name", name, "is not a valid C# identifier");
            else if (!ClaimTensorNames(names, a, weight, bias))
                Report(ProblemKind.BadName, location(), "Layer name", name, "is used by two layers");
            else if (ReservedTensorName(weight, bias) is { } reserved)
                Report(ProblemKind.BadName, location(), "Layer name", name, $"makes the tensor name '{reserved}', which the generated Weights or Targets already use");
        }

        /// <summary>
        /// Claims generated tensor names; false when one is taken. Names are compared as their heads are registered
        /// (camelCase), so no two tensors can share a head, a property or a constructor parameter.
        /// </summary>
        static bool ClaimTensorNames(Dictionary<string, AttributeData> names, AttributeData owner, string tensor)
        {
            string head = GeneratedNames.HeadParameterName(tensor);
            if (names.ContainsKey(head))
                return false;
            names[head] = owner;
            return true;
        }

        /// <summary>A layer's weight and bias: both names free, or neither is claimed.</summary>
        static bool ClaimTensorNames(Dictionary<string, AttributeData> names, AttributeData owner, string weight, string bias)
        {
            string weightHead = GeneratedNames.HeadParameterName(weight), biasHead = GeneratedNames.HeadParameterName(bias);
            if (names.ContainsKey(weightHead) || names.ContainsKey(biasHead))
                return false;
            names[weightHead] = owner;
            names[biasHead] = owner;
            return true;
        }

        static string? ReservedTensorName(string tensor) => GeneratedNames.ReservedTensorNames.Contains(tensor) ? tensor : null;

        static string? ReservedTensorName(string weight, string bias) => ReservedTensorName(weight) ?? ReservedTensorName(bias);

        /// <summary>
        /// NegativeSlope must be finite (it is written into the generated definition), and with LeakyReLU its squared
        /// gain <c>2/(1+s²)</c> must leave the weight a target variance float32 can hold — hyperfan-in <c>c/(2·fan-in)</c>,
        /// hyperfan-out <c>c/fan-out</c>: from a slope of about 1e19 on it is subnormal or 0, so the weights would be
        /// silently zero or the runtime would refuse the gain at construction.
        /// </summary>
        void CheckSlope(AttributeData a, Func<string> label, Activation activation, double slope, double fanIn, double fanOut)
        {
            Location? location() => NamedLocation(a, "NegativeSlope"); // found only for a problem
            string text() => slope.ToString("R", CultureInfo.InvariantCulture);
            if (double.IsNaN(slope) || double.IsInfinity(slope))
            {
                Report(ProblemKind.InvalidArgument, location(), $"NegativeSlope of {label()}", text(), "it must be a finite number");
                return;
            }
            if (activation != Activation.LeakyReLU || fanIn <= 0 || fanOut <= 0)
                return;
            double gainSquared = GainTable.Squared(activation, slope);
            double target = Math.Min(gainSquared / (2.0 * fanIn), gainSquared / fanOut);
            if (!(target >= SmallestNormalSingle))
                Report(ProblemKind.InvalidArgument, location(), $"NegativeSlope of {label()}", text(),
                    $"LeakyReLU's squared gain 2/(1+s²) is then {gainSquared.ToString("G3", CultureInfo.InvariantCulture)}, which puts the weight's target variance " +
                    $"({target.ToString("G3", CultureInfo.InvariantCulture)}) below float32's smallest normal number; use a slope of magnitude below 1");
        }

        void CheckWidth(AttributeData a, string argument, string label, int value, int element = -1)
        {
            if (value > 0 && value <= MaxWidth)
                return; // the common case: no location to find
            var location = element >= 0 ? ArrayElementLocation(a, argument, element) : NamedLocation(a, argument);
            if (value <= 0)
                Report(ProblemKind.NonPositiveSize, location, label, Text(value));
            else
                Report(ProblemKind.AbsurdSize, location, label, Text(value), Text(MaxWidth));
        }

        // --- typed readers: a wrong-typed or missing argument falls back to the default (the compiler reports the type error)

        static TypedConstant? Named(AttributeData a, string name)
        {
            foreach (var pair in a.NamedArguments)
                if (pair.Key == name && pair.Value.Kind != TypedConstantKind.Error)
                    return pair.Value;
            return null;
        }

        static int NamedInt(AttributeData a, string name, int fallback) => Named(a, name)?.Value is int v ? v : fallback;
        static bool NamedBool(AttributeData a, string name, bool fallback) => Named(a, name)?.Value is bool v ? v : fallback;
        static string? NamedString(AttributeData a, string name) => Named(a, name)?.Value as string;
        static double NamedDouble(AttributeData a, string name, double fallback) => Named(a, name)?.Value switch
        {
            double d => d,
            float f => f,
            int i => i,
            _ => fallback,
        };

        EquatableArray<int> NamedIntArray(AttributeData a, string name)
        {
            if (Named(a, name) is not { Kind: TypedConstantKind.Array } array || array.IsNull)
                return EquatableArray<int>.Empty;
            return array.Values.Select(v => v.Value is int i ? i : 0).ToEquatableArray();
        }

        T NamedEnum<T>(AttributeData a, string name, T fallback) where T : struct, Enum
        {
            if (Named(a, name)?.Value is not int raw)
                return fallback;
            if (!Enum.IsDefined(typeof(T), raw))
            {
                Report(ProblemKind.InvalidArgument, NamedLocation(a, name), name, Text(raw),
                    "expected one of " + string.Join(", ", Enum.GetNames(typeof(T))));
                return fallback;
            }
            return (T)Enum.ToObject(typeof(T), raw);
        }

        static string Label(AttributeData a, LayerKind kind)
        {
            var args = a.ConstructorArguments.Select(c => c.Value is int i ? Text(i) : "?");
            return kind + "(" + string.Join(", ", args) + ")";
        }

        // --- locations

        AttributeSyntax? Syntax(AttributeData a) => a.ApplicationSyntaxReference?.GetSyntax(ct) as AttributeSyntax;

        public Location? AttributeLocation(AttributeData a) => Syntax(a)?.GetLocation() ?? TypeLocation;

        /// <summary>
        /// The argument that supplies constructor parameter <paramref name="ordinal"/> — by its name
        /// (<c>outFeatures: 10</c>, in any order) or by its position — or, for a <c>params</c> parameter, the
        /// argument or array element that supplies value number <paramref name="element"/> of it.
        /// </summary>
        Location? ArgumentLocation(AttributeData a, int ordinal, int element = 0)
        {
            var arguments = Syntax(a)?.ArgumentList?.Arguments.Where(x => x.NameEquals is null).ToList();
            var parameters = a.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            if (arguments is null || ordinal >= parameters.Length)
                return AttributeLocation(a);
            var parameter = parameters[ordinal];
            var byName = arguments.FirstOrDefault(x => x.NameColon?.Name.Identifier.ValueText == parameter.Name);
            // Positional arguments come before any argument named out of its position, so index = parameter ordinal.
            var argument = byName ?? (ordinal < arguments.Count && arguments[ordinal].NameColon is null ? arguments[ordinal] : null);
            if (parameter.IsParams)
            {
                var elements = argument is null ? null : ArrayElements(argument.Expression);
                if (elements is not null)
                    return element < elements.Count ? elements[element].GetLocation() : argument!.GetLocation();
                if (byName is null && ordinal + element < arguments.Count && arguments[ordinal + element].NameColon is null)
                    return arguments[ordinal + element].GetLocation();
            }
            return argument?.GetLocation() ?? AttributeLocation(a);
        }

        static List<SyntaxNode>? ArrayElements(ExpressionSyntax expression) => expression switch
        {
            ImplicitArrayCreationExpressionSyntax e => e.Initializer.Expressions.Cast<SyntaxNode>().ToList(),
            ArrayCreationExpressionSyntax { Initializer: { } init } => init.Expressions.Cast<SyntaxNode>().ToList(),
            CollectionExpressionSyntax c => c.Elements.Cast<SyntaxNode>().ToList(),
            _ => null,
        };

        Location? NamedLocation(AttributeData a, string name)
        {
            var arg = Syntax(a)?.ArgumentList?.Arguments.FirstOrDefault(x => x.NameEquals?.Name.Identifier.ValueText == name);
            return arg?.GetLocation() ?? AttributeLocation(a);
        }

        Location? ArrayElementLocation(AttributeData a, string name, int element)
        {
            var arg = Syntax(a)?.ArgumentList?.Arguments.FirstOrDefault(x => x.NameEquals?.Name.Identifier.ValueText == name);
            var elements = arg is null ? null : ArrayElements(arg.Expression);
            return elements is not null && element < elements.Count ? elements[element].GetLocation() : arg?.GetLocation() ?? AttributeLocation(a);
        }

        static ImmutableDictionary<string, string?> Props(params (string Key, string Value)[] pairs) =>
            pairs.ToImmutableDictionary(p => p.Key, p => (string?)p.Value);
    }
}
