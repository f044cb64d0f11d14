using System.Threading;
using System.Threading.Tasks;
using HyperGen.Analyzers.Attributes;
using HyperGen.Analyzers.Tests.Infrastructure;
using HyperGen.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = HyperGen.Analyzers.Tests.Infrastructure.Verify<HyperGen.Analyzers.Attributes.HypernetAttributeAnalyzer>;

namespace HyperGen.Analyzers.Tests.Rules;

/// <summary>HG0003–HG0019: the parser's problems, reported at the parser's precise locations, and their fixes.</summary>
public class ParserRulesTests
{
    const string U = "using HyperGen;\n\n";

    static DiagnosticResult D(string id, int location, params object[] args) => V.Diagnostic(id, location, args);

    [Fact]
    public Task HG0003_class_not_partial() =>
        V.AnalyzerAsync(U + "[Hypernet] [Linear(4, 2)]\npublic class {|#0:Net|} { }", D(DiagnosticIds.NotPartial, 0, "Net"));

    [Fact]
    public Task HG0003_containing_type_not_partial() =>
        V.AnalyzerAsync(U + "public class {|#0:Outer|}\n{\n    [Hypernet] [Linear(4, 2)]\n    public partial class Inner { }\n}", D(DiagnosticIds.NotPartial, 0, "Outer"));

    [Fact]
    public Task HG0003_fix_adds_partial_everywhere_with_FixAll() =>
        V.FixAsync<MakePartialCodeFix>(
            U + "public sealed class {|#0:Outer|}\n{\n    [Hypernet] [Linear(4, 2)]\n    internal class {|#1:Inner|} { }\n}\n\n[Hypernet] [Linear(4, 2)]\nclass {|#2:Top|} { }",
            U + "public sealed partial class Outer\n{\n    [Hypernet] [Linear(4, 2)]\n    internal partial class Inner { }\n}\n\n[Hypernet] [Linear(4, 2)]\npartial class Top { }",
            EquivalenceKeys.MakePartial, generated: false,
            D(DiagnosticIds.NotPartial, 0, "Outer"), D(DiagnosticIds.NotPartial, 1, "Inner"), D(DiagnosticIds.NotPartial, 2, "Top"));

    [Fact]
    public Task HG0004_hypernet_without_layers() =>
        V.AnalyzerAsync(U + "[{|#0:Hypernet(Embedding = 8)|}]\npublic partial class Net { }", D(DiagnosticIds.NoLayers, 0, "Net"));

    /// <summary>[GenerateTensor] without [Hypernet] went unreported (the analyzer only looked at classes with layer attributes).</summary>
    [Fact]
    public Task HG0005_generate_tensor_without_hypernet() =>
        V.AnalyzerAsync(U + "[{|#0:GenerateTensor(\"W\", 2, 3)|}]\npublic partial class Net { }", D(DiagnosticIds.LayerWithoutHypernet, 0, "Net", "GenerateTensor"));

    [Fact]
    public Task HG0005_layers_without_hypernet() =>
        V.AnalyzerAsync(U + "[{|#0:Linear(4, 2)|}]\n[{|#1:Flatten|}]\npublic partial class Net { }",
            D(DiagnosticIds.LayerWithoutHypernet, 0, "Net", "Linear"), D(DiagnosticIds.LayerWithoutHypernet, 1, "Net", "Flatten"));

    [Fact]
    public Task HG0006_non_positive_sizes_at_the_argument_and_array_element() =>
        V.AnalyzerAsync(U + "[Hypernet(Hidden = new[] { 100, {|#1:-1|} })]\n[Linear({|#0:0|}, 2)]\npublic partial class Net { }",
            D(DiagnosticIds.NonPositiveSize, 1, "Hidden[1]", "-1"), D(DiagnosticIds.NonPositiveSize, 0, "inFeatures of Linear(0, 2)", "0"));

    [Fact]
    public Task HG0007_absurd_size() =>
        V.AnalyzerAsync(U + "[Hypernet({|#0:Embedding = 2000000|})]\n[Linear(4, 2)]\npublic partial class Net { }",
            D(DiagnosticIds.AbsurdSize, 0, "Embedding", "2000000", "1048576"));

    const string Mismatch = U + "[Hypernet(Embedding = 8)]\n[Linear(784, 300)]\n[Linear(SIZE, 10)]\npublic partial class Net { }";

    [Fact]
    public Task HG0008_size_mismatch_is_reported_at_the_argument() =>
        V.AnalyzerAsync(Mismatch.Replace("SIZE", "{|#0:200|}"), D(DiagnosticIds.SizeMismatch, 0, "inFeatures of Linear(200, 10)", "200", "300"));

    [Fact]
    public Task HG0008_fix_uses_the_inferred_size_and_FixAll_fixes_each_layer() =>
        V.FixAsync<UseInferredSizeCodeFix>(
            U + "[Hypernet(Embedding = 8, Input = new[] { 3, 8, 8 })]\n[Conv2d({|#0:1|}, 4, 3)]\n[Flatten]\n[Linear({|#1:100|}, 10)]\npublic partial class Net { }",
            U + "[Hypernet(Embedding = 8, Input = new[] { 3, 8, 8 })]\n[Conv2d(3, 4, 3)]\n[Flatten]\n[Linear(144, 10)]\npublic partial class Net { }",
            EquivalenceKeys.UseInferredSize, generated: false,
            D(DiagnosticIds.SizeMismatch, 0, "inChannels of Conv2d(1, 4, 3)", "1", "3"),
            D(DiagnosticIds.SizeMismatch, 1, "inFeatures of Linear(100, 10)", "100", "144"));

    [Fact]
    public Task HG0009_shape_collapses() =>
        V.AnalyzerAsync(U + "[Hypernet(Input = new[] { 1, 4, 4 })]\n[{|#0:Conv2d(1, 2, 5)|}]\npublic partial class Net { }",
            D(DiagnosticIds.ShapeCollapses, 0, "Conv2d(1, 2, 5)", "1, 4, 4", "2, 0, 0"));

    [Fact]
    public Task HG0010_input_does_not_fit() =>
        V.AnalyzerAsync(U + "[Hypernet(Input = new[] { 1, 28 })]\n[{|#0:Conv2d(1, 2, 3)|}]\npublic partial class Net { }",
            D(DiagnosticIds.InputDoesNotFit, 0, "Conv2d(1, 2, 3)", "[channels, height, width]", "1, 28"));

    [Fact]
    public Task HG0011_conv_needs_input() =>
        V.AnalyzerAsync(U + "[Hypernet]\n[{|#0:Conv2d(1, 4, 3)|}]\npublic partial class Net { }",
            D(DiagnosticIds.ConvNeedsInput, 0, "Conv2d(1, 4, 3)", "1, 28, 28"));

    [Fact]
    public Task HG0012_base_class() =>
        V.AnalyzerAsync(U + "public class Base { }\n[Hypernet] [Linear(4, 2)]\npublic partial class Net : {|#0:Base|} { }",
            D(DiagnosticIds.BaseClass, 0, "Net", "Base", "HyperGen.HypernetModule"));

    [Fact]
    public Task HG0013_generic_and_record_types() =>
        V.AnalyzerAsync(U + "[Hypernet] [Linear(4, 2)]\npublic partial class {|#0:Net|}<T> { }\n[Hypernet] [Linear(4, 2)]\npublic partial record {|#1:Rec|} { }",
            D(DiagnosticIds.UnsupportedType, 0, "Net", "generic"), D(DiagnosticIds.UnsupportedType, 1, "Rec", "a record"));

    [Fact]
    public Task HG0014_name_clash_with_generated_member() =>
        V.AnalyzerAsync(U + "[Hypernet] [Linear(4, 2)]\npublic partial class Net\n{\n    public void {|#0:GenerateWeights|}() { }\n}",
            D(DiagnosticIds.NameClash, 0, "Net", "GenerateWeights"));

    [Fact]
    public Task HG0015_bad_and_duplicate_layer_names() =>
        V.AnalyzerAsync(U + "[Hypernet]\n[Linear(4, 4, {|#0:Name = \"class\"|})]\n[Linear(4, 4, Name = \"enc\")]\n[Linear(4, 2, {|#1:Name = \"enc\"|})]\npublic partial class Net { }",
            D(DiagnosticIds.BadName, 0, "Layer name", "class", "is not a valid C# identifier"), D(DiagnosticIds.BadName, 1, "Layer name", "enc", "is used by two layers"));

    /// <summary>
    /// C# drops formatting characters from identifiers: "A\u200BB" would generate the property AB, a duplicate of layer AB's
    /// (CS0102 in generated code), and a custom tensor "Tensor\u200Bs" would hide Weights.Tensors with itself.
    /// </summary>
    [Fact]
    public Task HG0015_names_with_invisible_formatting_characters() =>
        V.AnalyzerAsync(U + "using static TorchSharp.torch;\n[Hypernet]\n[Linear(4, 4, Name = \"AB\")]\n[Linear(4, 2, {|#0:Name = \"A\\u200BB\"|})]\npublic partial class Net { }\n" +
                        "[Hypernet] [GenerateTensor({|#1:\"Tensor\\u200Bs\"|}, 2, 3)]\npublic partial class Custom { public static partial Tensor Mainnet(Tensor x, Weights w) => x; }", generated: true,
            D(DiagnosticIds.BadName, 0, "Layer name", "A\u200BB", "contains the invisible formatting character U+200B, which C# drops from identifiers; remove it"),
            D(DiagnosticIds.BadName, 1, "Tensor name", "Tensor\u200Bs", "contains the invisible formatting character U+200B, which C# drops from identifiers; remove it"));

    [Fact]
    public async Task HG0016_torchsharp_not_referenced()
    {
        var test = new HyperGenTest<HypernetAttributeAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>(TestEnvironment.ReferencesWithoutTorchSharp)
        {
            TestCode = U + "[Hypernet] [Linear(4, 2)]\npublic partial class {|#0:Net|} { }",
        };
        test.ExpectedDiagnostics.Add(D(DiagnosticIds.MissingTorchSharp, 0, "Net"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task HG0017_layers_split_across_partial_declarations() =>
        V.AnalyzerAsync(U + "[Hypernet] [Linear(4, 4)]\npublic partial class Net { }\n[Linear(4, 2)]\npublic partial class {|#0:Net|} { }",
            D(DiagnosticIds.LayersSplitAcrossParts, 0, "Net"));

    const string NoFlatten = U + "[Hypernet(Input = new[] { 1, 8, 8 })]\n[Conv2d(1, 2, 3)] [MaxPool2d(2)]\nLINEAR\npublic partial class Net { }";

    [Fact]
    public Task HG0018_linear_after_a_spatial_layer() =>
        V.AnalyzerAsync(NoFlatten.Replace("LINEAR", "[{|#0:Linear(18, 10)|}]"), D(DiagnosticIds.NeedsFlatten, 0, "Linear(18, 10)", "2, 3, 3", "18"));

    [Fact]
    public Task HG0018_fix_inserts_Flatten_on_its_own_line() =>
        V.FixAsync<InsertFlattenCodeFix>(
            NoFlatten.Replace("LINEAR", "[{|#0:Linear(18, 10)|}]"),
            NoFlatten.Replace("LINEAR", "[Flatten]\n[Linear(18, 10)]"),
            EquivalenceKeys.InsertFlatten, generated: false, D(DiagnosticIds.NeedsFlatten, 0, "Linear(18, 10)", "2, 3, 3", "18"));

    [Fact]
    public Task HG0018_fix_inserts_Flatten_inline_and_inside_a_shared_list_with_the_same_qualification() =>
        V.FixAsync<InsertFlattenCodeFix>(
            "[HyperGen.Hypernet(Input = new[] { 1, 8, 8 })]\n[HyperGen.Conv2d(1, 2, 3)] [{|#0:HyperGen.Linear(72, 10)|}]\npublic partial class A { }\n" +
            "[HyperGen.Hypernet(Input = new[] { 1, 8, 8 })]\n[HyperGen.Conv2d(1, 2, 3), {|#1:HyperGen.LinearAttribute(72, 10)|}]\npublic partial class B { }",
            "[HyperGen.Hypernet(Input = new[] { 1, 8, 8 })]\n[HyperGen.Conv2d(1, 2, 3)] [HyperGen.Flatten] [HyperGen.Linear(72, 10)]\npublic partial class A { }\n" +
            "[HyperGen.Hypernet(Input = new[] { 1, 8, 8 })]\n[HyperGen.Conv2d(1, 2, 3), HyperGen.FlattenAttribute, HyperGen.LinearAttribute(72, 10)]\npublic partial class B { }",
            EquivalenceKeys.InsertFlatten, generated: false,
            D(DiagnosticIds.NeedsFlatten, 0, "Linear(72, 10)", "2, 6, 6", "72"), D(DiagnosticIds.NeedsFlatten, 1, "Linear(72, 10)", "2, 6, 6", "72"));

    [Fact]
    public Task HG0030_unsupported_combination() =>
        V.AnalyzerAsync(U + "[Hypernet(Conditions = 3, {|#0:ConditionSize = 4|})]\n[Linear(4, 2)]\npublic partial class Net { }",
            D("HG0030", 0, "Net", "Conditions", "ConditionSize", "choose one way to condition the hypernet"));

    [Fact]
    public Task HG0031_custom_forward_without_Mainnet() =>
        V.AnalyzerAsync(U + "[Hypernet(Embedding = 32)]\n[GenerateTensor(\"W\", 16, 64)]\npublic partial class {|#0:Custom|} { }",
            D("HG0031", 0, "Custom"));

    [Fact]
    public Task HG0019_invalid_argument() =>
        V.AnalyzerAsync(U + "[Hypernet(Input = new[] { 1, 8, 8 })]\n[Conv2d(1, 2, 3, {|#0:Padding = -1|})]\n[Flatten] [Linear(72, 2)]\npublic partial class Net { }",
            D(DiagnosticIds.InvalidArgument, 0, "Padding of Conv2d(1, 2, 3)", "-1", "padding cannot be negative"));

    /// <summary>
    /// A LeakyReLU slope so large that the squared gain 2/(1+s²) leaves a subnormal (1e20) or zero (1e300) target variance:
    /// before, construction threw at run time (or the weights were silently ~0); a custom tensor's NaN slope reached the
    /// generated definition as the undeclared name NaN (CS0103 in generated code).
    /// </summary>
    [Fact]
    public Task HG0019_leaky_slopes_whose_gain_float32_cannot_hold() =>
        V.AnalyzerAsync(U + "using static TorchSharp.torch;\n" +
                        "[Hypernet] [Linear(4, 4, Activation = Activation.LeakyReLU, {|#0:NegativeSlope = 1e20|})] [Linear(4, 2, Activation = Activation.LeakyReLU, NegativeSlope = -5)]\npublic partial class Net { }\n" +
                        "[Hypernet] [GenerateTensor(\"W\", 3, 2, Activation = Activation.LeakyReLU, {|#1:NegativeSlope = 1e300|})] [GenerateTensor(\"V\", 3, 2, {|#2:NegativeSlope = double.NaN|})]\n" +
                        "public partial class Custom { public static partial Tensor Mainnet(Tensor x, Weights w) => x; }", generated: true,
            D(DiagnosticIds.InvalidArgument, 0, "NegativeSlope of Linear(4, 4)", "1E+20",
                "LeakyReLU's squared gain 2/(1+s²) is then 2E-40, which puts the weight's target variance (2.5E-41) below float32's smallest normal number; use a slope of magnitude below 1"),
            D(DiagnosticIds.InvalidArgument, 1, "NegativeSlope of 'W'", "1E+300",
                "LeakyReLU's squared gain 2/(1+s²) is then 0, which puts the weight's target variance (0) below float32's smallest normal number; use a slope of magnitude below 1"),
            D(DiagnosticIds.InvalidArgument, 2, "NegativeSlope of 'V'", "NaN", "it must be a finite number"));

    /// <summary>
    /// An argument that uses a constant the generator declares from these very attributes: the generator cannot read it
    /// and emits the throwing surface, and before this error the finished build (where the constant exists) was clean.
    /// </summary>
    [Fact]
    public Task HG0019_argument_using_generated_code() =>
        V.AnalyzerAsync(U + "[Hypernet(Conditions = 3)] [Linear({|#0:Net.ConditionCount|}, 2)]\npublic partial class Net { }\n" +
                        "static class Sizes { public const int NoiseSize = 4; }\n[Hypernet] [Linear(Sizes.NoiseSize, 2)]\npublic partial class Own { }", generated: true,
            D(DiagnosticIds.InvalidArgument, 0, "'Net.ConditionCount'", "code HyperGen generates from the attributes (ConditionCount)",
                "the attributes are read before it exists, so write the value itself"));

    /// <summary>E[c²] of a float32 condition lies in float32's normal range; 1e308 made the runtime's head-input moment infinite (a throw at construction).</summary>
    [Theory]
    [InlineData("1e308", "1E+308")]
    [InlineData("1e-320", "1E-320")]
    [InlineData("0.0", "0")]
    public Task HG0019_condition_second_moment_outside_float32(string value, string shown) =>
        V.AnalyzerAsync(U + $"[Hypernet(ConditionSize = 3, {{|#0:ConditionSecondMoment = {value}|}})] [Linear(4, 2)]\npublic partial class Net {{ }}",
            D(DiagnosticIds.InvalidArgument, 0, "ConditionSecondMoment", shown,
                "a second moment must be positive, finite and within float32's normal range (1.18E-38 to 3.4E+38): it is E[c²] of a float32 condition"));

    [Theory]
    [InlineData("[Hypernet(Embedding = 64, Hidden = new[] { 100 })] [Linear(784, 300, Activation = Activation.ReLU)] [Linear(300, 10)] public partial class Mnist { }")]
    [InlineData("[Hypernet(Embedding = 32, Input = new[] { 1, 28, 28 })] [Conv2d(1, 16, 3, Padding = 1)] [MaxPool2d(2)] [Flatten] [Linear(16 * 14 * 14, 10)] public partial class Conv { }")]
    [InlineData("[Hypernet(Input = new[] { 3, 100 }, Init = HyperfanMode.Harmonic)] [Conv1d(3, 8, 5, Activation = Activation.GELU)] [Flatten] [Linear(8 * 96, 4, Bias = false)] public partial class Seq { }")]
    [InlineData("public partial class Outer { [Hypernet] [Linear(2, 3, Activation = Activation.LeakyReLU, NegativeSlope = 0.2, Name = \"enc\")] public partial class Inner { } }")]
    public async Task Valid_hypernets_get_no_diagnostic_from_any_analyzer_including_their_generated_code(string declaration)
    {
        var test = new HyperGenTest<HypernetAttributeAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider> { TestCode = U + declaration, AllAnalyzers = true };
        test.WithGeneratedCode();
        Assert.True(test.TestState.Sources.Count > 1, "the generator produced nothing");
        await test.RunAsync(CancellationToken.None);
    }
}
