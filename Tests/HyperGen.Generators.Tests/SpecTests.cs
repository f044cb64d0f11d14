using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using HyperGen.Generators.Helpers;
using HyperGen.Generators.Parsing;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HyperGen.Generators.Tests;

/// <summary>The spec is a value: equal attributes give equal specs, and nothing symbolic can hide in it.</summary>
public class SpecTests
{
    static HypernetSpec Parse(string source, string type = "Demo.Small")
    {
        var compilation = GeneratorHarness.Compilation(source);
        var symbol = compilation.GetTypeByMetadataName(type)!;
        var result = HypernetSpecParser.Parse(symbol, compilation, CancellationToken.None);
        Assert.True(result.Problems.IsEmpty, string.Join("\n", result.Problems));
        return result.Spec!;
    }

    const string Source = """
        using HyperGen;
        namespace Demo;
        [Hypernet(Embedding = 8, Hidden = new[] { 5 }, Input = new[] { 2, 9, 9 })]
        [Conv2d(2, 3, 3, Activation = Activation.ReLU)] [MaxPool2d(2, Stride = 1)] [Flatten] [Linear(108, 4)]
        public partial class Small { }
        """;

    [Fact]
    public void Parsing_the_same_source_twice_gives_equal_specs()
    {
        var a = Parse(Source);
        var b = Parse(Source);
        Assert.NotSame(a, b);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, Parse(Source.Replace("Embedding = 8", "Embedding = 9")));
        Assert.NotEqual(a, Parse(Source.Replace("Activation.ReLU", "Activation.Tanh")));
    }

    [Fact]
    public void Shapes_are_inferred_through_conv_pool_and_flatten()
    {
        var spec = Parse(Source);
        // 9×9 → conv 3×3 → 7×7 → max pool 2, stride 1 → 6×6 → flatten 3·6·6 = 108
        Assert.Equal(new long[] { 3, 7, 7 }, spec.Layers[0].OutputShape.ToArray());
        Assert.Equal(new long[] { 3, 6, 6 }, spec.Layers[1].OutputShape.ToArray());
        Assert.Equal(new long[] { 108 }, spec.Layers[2].OutputShape.ToArray());
        var weight = spec.Tensors[0];
        Assert.Equal((2L * 9, 3L * 9), (weight.FanIn, weight.FanOut));
        Assert.Equal(new long[] { 3, 2, 3, 3 }, weight.Shape.ToArray());
    }

    [Fact]
    public void Spec_records_hold_only_strings_numbers_enums_and_equatable_arrays()
    {
        var allowed = new HashSet<Type> { typeof(string), typeof(int), typeof(long), typeof(double), typeof(bool) };
        foreach (var record in new[] { typeof(HypernetSpec), typeof(LayerSpec), typeof(TensorSpec) })
            foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetMethod!.GetParameters().Length == 0))
            {
                var t = property.PropertyType;
                bool ok = allowed.Contains(t) || t.IsEnum
                          || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(EquatableArray<>)
                              && (allowed.Contains(t.GetGenericArguments()[0]) || t.GetGenericArguments()[0] == typeof(LayerSpec) || t.GetGenericArguments()[0] == typeof(TensorSpec)));
                Assert.True(ok, $"{record.Name}.{property.Name} is a {t.Name}: it would break incremental caching");
                Assert.False(typeof(ISymbol).IsAssignableFrom(t) || typeof(SyntaxNode).IsAssignableFrom(t) || t == typeof(Location));
            }
    }

    [Fact]
    public void Attribute_names_match_the_runtime_types()
    {
        Assert.Equal(AttributeNames.Hypernet, typeof(HyperGen.HypernetAttribute).FullName);
        Assert.Equal(AttributeNames.HypernetShort, typeof(HyperGen.HypernetAttribute).Name);
        Assert.Equal(AttributeNames.HypernetHead, typeof(HyperGen.HypernetHeadAttribute).FullName);
        var layerTypes = typeof(HyperGen.HypernetLayerAttribute).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(HyperGen.HypernetLayerAttribute)) && !t.IsAbstract).Select(t => t.Name).OrderBy(n => n);
        Assert.Equal(layerTypes, AttributeNames.Layers.Keys.OrderBy(n => n));
        Assert.Equal(AttributeNames.TorchSharpModule, typeof(TorchSharp.torch.nn.Module<,>).FullName);
        Assert.Equal(AttributeNames.Namespace, typeof(HyperGen.HypernetAttribute).Namespace);
    }

    [Theory]
    [InlineData("public class Small { }", "must be declared partial")]
    [InlineData("public partial class Small : System.Exception { }", "derives from")]
    [InlineData("public partial record Small { }", "a record")]
    [InlineData("public partial class Small : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor> { }", "derives from HyperGen.HypernetModule")]
    [InlineData("public partial class Small : HyperGen.TaskConditionedHypernetModule { public Small() : base(null!) { } }", "derives from HyperGen.HypernetModule")]
    public void Unusable_declarations_generate_nothing(string declaration, string message)
    {
        string source = "using HyperGen; namespace Demo; [Hypernet] [Linear(2, 3)] " + declaration;
        var (files, diagnostics) = GeneratorHarness.Run(source);
        Assert.Empty(files);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "AD0001");
        var result = Parse(source, "Demo.Small", expectProblems: true);
        Assert.Null(result.Spec);
        Assert.Null(result.Surface);
        Assert.Contains(result.Problems, p => p.ToString().Contains(message));
    }

    [Theory]
    [InlineData("public partial class Small { public Small() { } }", "parameterless constructor", ".ctor")]
    [InlineData("public partial class Small { public void Mainnet() { } }", "'Mainnet'", "Mainnet")]
    [InlineData("public partial class Small { public class Weights { } }", "'Weights'", "Weights")] // a member (not a type) named Weights: no surface (SurfaceTests)
    public void A_member_clash_gets_a_surface_without_the_clashing_member(string declaration, string message, string omitted)
    {
        string source = "using HyperGen; namespace Demo; [Hypernet] [Linear(2, 3)] " + declaration;
        var result = Parse(source, "Demo.Small", expectProblems: true);
        Assert.Null(result.Spec);
        Assert.Contains(result.Problems, p => p.ToString().Contains(message));
        Assert.True(result.Surface!.SurfaceOnly);
        Assert.Equal(new[] { omitted }, result.Surface.Omitted.ToArray());
    }

    [Theory]
    [InlineData("", "HyperGen.HypernetModule")]
    [InlineData("Conditions = 2, ", "HyperGen.TaskConditionedHypernetModule")]
    [InlineData("ConditionSize = 3, ", "HyperGen.InputConditionedHypernetModule")]
    [InlineData("Noise = 3, ", "HyperGen.HypernetModule")]
    public void Repeating_the_runtime_base_is_accepted_for_each_form(string options, string baseType)
    {
        string source = $"using HyperGen; namespace Demo; /// <summary>A hypernet.</summary>\n[Hypernet({options}Embedding = 4)] [Linear(2, 3)] public partial class Small : {baseType} {{ }}";
        var (files, diagnostics) = GeneratorHarness.Run(source);
        Assert.Single(files);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    static ParseResult Parse(string source, string type, bool expectProblems)
    {
        var compilation = GeneratorHarness.Compilation(source);
        var result = HypernetSpecParser.Parse(compilation.GetTypeByMetadataName(type)!, compilation, CancellationToken.None);
        Assert.Equal(expectProblems, !result.Problems.IsEmpty);
        return result;
    }

    [Fact]
    public void Every_reserved_member_name_passes_the_quick_filter()
    {
        // The parser skips building a spec's reserved set when no member passes MayBeReserved: it must be a superset.
        var specs = Incremental.HypernetDiscovery.ParseAll(new Incremental.DeclarationSnapshot(HyperGen.Benchmarks.GeneratorWorkload.Compilation(27)), default);
        Assert.Equal(27, specs.Length);
        var names = specs.SelectMany(GeneratedNames.ReservedMemberNames).Distinct().ToList();
        Assert.Contains("layer1WeightHead", names);
        Assert.Contains("hidden1", names);
        Assert.Contains("conditionEmbeddings", names);
        Assert.Contains("head", names);
        Assert.All(names, n => Assert.True(GeneratedNames.MayBeReserved(n), n));
        Assert.False(GeneratedNames.MayBeReserved("Describe"));
    }

    [Theory]
    [InlineData("[Hypernet(Embedding = 4)] [Linear(3, 2)]", "private readonly object? layer1WeightHead;", "layer1WeightHead")]
    [InlineData("[Hypernet(Embedding = 4, Hidden = new[] { 5 })] [Linear(3, 2)]", "private readonly object? hidden1;", "hidden1")]
    [InlineData("[Hypernet(Embedding = 4, Conditions = 2)] [Linear(3, 2)]", "private int conditionEmbeddings;", "conditionEmbeddings")]
    [InlineData("[Hypernet(Embedding = 4, Chunk = 4)] [Linear(3, 2)]", "private int head;", "head")]
    [InlineData("[Hypernet(Embedding = 4)] [Linear(3, 2)]", "public void InitReport() { }", "InitReport")]
    [InlineData("[Hypernet(Embedding = 4)] [Linear(3, 2)]", "public Net() { }", "a parameterless constructor")]
    public void The_generators_view_finds_every_clash(string attributes, string member, string name)
    {
        // Without the generated part in the compilation (the generator's view) member symbols are built only for a name
        // that may clash: each kind of reserved name must still be caught.
        var result = Parse("using HyperGen;\nnamespace Demo;\n" + attributes + "\npublic partial class Net { " + member + " }", "Demo.Net", expectProblems: true);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith("HG0014") && p.ToString().Contains(name));
    }
}
