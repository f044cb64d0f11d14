using System.Threading.Tasks;
using HyperGen.Analyzers.Tests.Infrastructure;
using HyperGen.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = HyperGen.Analyzers.Tests.Infrastructure.Verify<HyperGen.Analyzers.Attributes.HypernetAttributeAnalyzer>;

namespace HyperGen.Analyzers.Tests.Rules;

/// <summary>
/// The parser diagnostics' code fixes, checked on their output text (the harness also applies Fix All in document,
/// project and solution to reach the same text): each edits exactly the argument or declaration the diagnostic
/// names, writes names that bind where they land, and is not offered when it would write something wrong.
/// </summary>
public class ParserFixTests
{
    const string U = "using HyperGen;\n\n";

    static DiagnosticResult D(string id, int location, params object[] args) => V.Diagnostic(id, location, args);

    // ---- HG0008: the inferred size goes into the argument that supplies inFeatures/inChannels

    [Fact]
    public Task HG0008_fix_edits_inFeatures_when_the_arguments_are_named_in_reverse_order() =>
        V.FixAsync<UseInferredSizeCodeFix>(
            U + "[Hypernet]\n[Linear(4, 8)]\n[Linear(outFeatures: 2, {|#0:inFeatures: 6|})]\npublic partial class Net { }",
            U + "[Hypernet]\n[Linear(4, 8)]\n[Linear(outFeatures: 2, inFeatures: 8)]\npublic partial class Net { }",
            EquivalenceKeys.UseInferredSize, generated: false,
            D(DiagnosticIds.SizeMismatch, 0, "inFeatures of Linear(6, 2)", "6", "8"));

    [Fact]
    public Task HG0008_fix_edits_inChannels_named_after_a_positional_argument_and_FixAll_fixes_both_layers() =>
        V.FixAsync<UseInferredSizeCodeFix>(
            U + "[Hypernet(Input = new[] { 3, 8, 8 })]\n[Conv2d({|#0:inChannels: 1|}, outChannels: 4, kernelSize: 3)]\n[Flatten]\n[Linear(outFeatures: 10, {|#1:inFeatures: 100|})]\npublic partial class Net { }",
            U + "[Hypernet(Input = new[] { 3, 8, 8 })]\n[Conv2d(inChannels: 3, outChannels: 4, kernelSize: 3)]\n[Flatten]\n[Linear(outFeatures: 10, inFeatures: 144)]\npublic partial class Net { }",
            EquivalenceKeys.UseInferredSize, generated: false,
            D(DiagnosticIds.SizeMismatch, 0, "inChannels of Conv2d(1, 4, 3)", "1", "3"),
            D(DiagnosticIds.SizeMismatch, 1, "inFeatures of Linear(100, 10)", "100", "144"));

    [Fact]
    public Task HG0008_offers_no_fix_when_the_inferred_size_does_not_fit_an_int() =>
        V.FixAsync<UseInferredSizeCodeFix>(
            U + "[Hypernet(Input = new[] { 1024, 2048, 2048 })]\n[Flatten]\n[Linear({|#0:5|}, 10)]\npublic partial class Net { }",
            U + "[Hypernet(Input = new[] { 1024, 2048, 2048 })]\n[Flatten]\n[Linear({|#0:5|}, 10)]\npublic partial class Net { }",
            EquivalenceKeys.UseInferredSize, generated: false,
            D(DiagnosticIds.SizeMismatch, 0, "inFeatures of Linear(5, 10)", "5", "4294967296"));

    // ---- HG0018: the inserted [Flatten] binds where it lands

    static string Spatial(string prefix = "") => $"[{prefix}Hypernet(Input = new[] {{ 1, 8, 8 }})]\n[{prefix}Conv2d(1, 2, 3)]\n";

    [Fact]
    public Task HG0018_fix_under_a_namespace_alias_uses_the_alias() =>
        V.FixAsync<InsertFlattenCodeFix>(
            "using HG = HyperGen;\n\n" + Spatial("HG.") + "[{|#0:HG.Linear(72, 10)|}]\npublic partial class Net { }",
            "using HG = HyperGen;\n\n" + Spatial("HG.") + "[HG.Flatten]\n[HG.Linear(72, 10)]\npublic partial class Net { }",
            EquivalenceKeys.InsertFlatten, generated: false,
            D(DiagnosticIds.NeedsFlatten, 0, "Linear(72, 10)", "2, 6, 6", "72"));

    [Fact]
    public Task HG0018_fix_under_an_alias_qualified_name_keeps_the_alias() =>
        V.FixAsync<InsertFlattenCodeFix>(
            "using HG = HyperGen;\n\n" + Spatial("HG::") + "[{|#0:HG::Linear(72, 10)|}]\npublic partial class Net { }",
            "using HG = HyperGen;\n\n" + Spatial("HG::") + "[HG::Flatten]\n[HG::Linear(72, 10)]\npublic partial class Net { }",
            EquivalenceKeys.InsertFlatten, generated: false,
            D(DiagnosticIds.NeedsFlatten, 0, "Linear(72, 10)", "2, 6, 6", "72"));

    [Fact]
    public Task HG0018_fix_under_an_alias_of_the_Linear_attribute_writes_a_Flatten_that_binds() =>
        V.FixAsync<InsertFlattenCodeFix>(
            "using Dense = HyperGen.LinearAttribute;\n\n" + Spatial("HyperGen.") + "[{|#0:Dense(72, 10)|}]\npublic partial class Net { }",
            "using Dense = HyperGen.LinearAttribute;\n\n" + Spatial("HyperGen.") + "[HyperGen.Flatten]\n[Dense(72, 10)]\npublic partial class Net { }",
            EquivalenceKeys.InsertFlatten, generated: false,
            D(DiagnosticIds.NeedsFlatten, 0, "Linear(72, 10)", "2, 6, 6", "72"));

    [Fact]
    public Task HG0018_fix_with_a_using_writes_the_short_name_even_for_a_Linear_alias() =>
        V.FixAsync<InsertFlattenCodeFix>(
            "using HyperGen;\nusing Dense = HyperGen.LinearAttribute;\n\n" + Spatial() + "[{|#0:Dense(72, 10)|}]\npublic partial class Net { }",
            "using HyperGen;\nusing Dense = HyperGen.LinearAttribute;\n\n" + Spatial() + "[Flatten]\n[Dense(72, 10)]\npublic partial class Net { }",
            EquivalenceKeys.InsertFlatten, generated: false,
            D(DiagnosticIds.NeedsFlatten, 0, "Linear(72, 10)", "2, 6, 6", "72"));

    // ---- HG0026: ': this()' for a constructor without an initializer

    [Fact]
    public async Task HG0026_fix_adds_this_and_FixAll_fixes_every_constructor_but_the_one_calling_base()
    {
        var test = new HyperGenTest<HyperGen.Analyzers.Attributes.HypernetAttributeAnalyzer, ChainToThisCodeFix>
        {
            TestCode = U + "[Hypernet] [Linear(4, 2)]\npublic partial class Net\n{\n    public {|#0:Net|}(int seed) { }\n    public {|#1:Net|}(string name)\n    {\n    }\n    public {|#2:Net|}(long x) : base() { }\n}",
            FixedCode = U + "[Hypernet] [Linear(4, 2)]\npublic partial class Net\n{\n    public Net(int seed) : this() { }\n    public Net(string name) : this()\n    {\n    }\n    public {|#2:Net|}(long x) : base() { }\n}",
            CodeActionEquivalenceKey = EquivalenceKeys.ChainToThis,
            // The class keeps an error, so nothing is generated and 'this()' has nothing to bind to (CS1729, the
            // compiler's); A_constructor_that_chains_to_this_compiles shows the fixed form compiling.
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        const string Message = "does not call ': this()', so the hypernet's parameters are never created; add ': this()' (the generated constructor builds and initialises them)";
        test.ExpectedDiagnostics.Add(D("HG0026", 0, "The constructor 'Net(int seed)' " + Message));
        test.ExpectedDiagnostics.Add(D("HG0026", 1, "The constructor 'Net(string name)' " + Message));
        test.ExpectedDiagnostics.Add(D("HG0026", 2, "The constructor 'Net(long x)' " + Message));
        test.FixedState.ExpectedDiagnostics.Add(D("HG0026", 2, "The constructor 'Net(long x)' " + Message));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    // ---- HG0032: 'partial' on a custom Mainnet that lacks only that

    [Fact]
    public async Task HG0032_fix_adds_partial_to_the_custom_Mainnet()
    {
        var test = new HyperGenTest<HyperGen.Analyzers.Attributes.HypernetAttributeAnalyzer, MakePartialCodeFix>
        {
            TestCode = "using HyperGen;\nusing static TorchSharp.torch;\n\n[Hypernet(Embedding = 8)]\n[GenerateTensor(\"W\", 2, 4)]\npublic partial class Net\n{\n    public static Tensor {|#0:Mainnet|}(Tensor x, Weights w) => x;\n}",
            FixedCode = "using HyperGen;\nusing static TorchSharp.torch;\n\n[Hypernet(Embedding = 8)]\n[GenerateTensor(\"W\", 2, 4)]\npublic partial class Net\n{\n    public static partial Tensor Mainnet(Tensor x, Weights w) => x;\n}",
            CodeActionEquivalenceKey = EquivalenceKeys.MakePartial,
            // Before the fix the generator emits nothing, so the user's own 'Weights' does not bind (CS0246): the compiler's, not ours.
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(D("HG0032", 0, "Net", "without 'partial'"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public async Task HG0032_offers_no_fix_when_more_than_partial_is_wrong()
    {
        const string Source = "using HyperGen;\nusing static TorchSharp.torch;\n\n[Hypernet(Embedding = 8)]\n[GenerateTensor(\"W\", 2, 4)]\npublic partial class Net\n{\n    Tensor {|#0:Mainnet|}(Tensor x, Weights w) => x;\n}";
        var test = new HyperGenTest<HyperGen.Analyzers.Attributes.HypernetAttributeAnalyzer, MakePartialCodeFix>
        {
            TestCode = Source, FixedCode = Source, CodeActionEquivalenceKey = EquivalenceKeys.MakePartial, CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(D("HG0032", 0, "Net", "without 'partial', as an instance method, as private"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }
}
