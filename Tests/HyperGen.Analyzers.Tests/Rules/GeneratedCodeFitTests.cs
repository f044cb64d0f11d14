using System.Threading;
using System.Threading.Tasks;
using HyperGen.Analyzers.Attributes;
using HyperGen.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = HyperGen.Analyzers.Tests.Infrastructure.Verify<HyperGen.Analyzers.Attributes.HypernetAttributeAnalyzer>;

namespace HyperGen.Analyzers.Tests.Rules;

/// <summary>
/// Classes whose generated half would not compile (or would silently land on another type) get an HG diagnostic
/// and no generated code. Every test runs the real generator and compiles its output with the test code, so an
/// unexpected compiler error (CS0102, CS0542, CS8862, …) fails the test as surely as a missing HG diagnostic.
/// </summary>
public class GeneratedCodeFitTests
{
    const string U = "using HyperGen;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\n";

    static DiagnosticResult D(string id, int location, params object[] args) => V.Diagnostic(id, location, args);

    static Task Check(string source, params DiagnosticResult[] expected) => V.AnalyzerAsync(U + source, generated: true, expected);

    /// <summary>
    /// For the custom-forward form with an error: the generator emits nothing, so the user's own Mainnet cannot
    /// bind 'Weights' (CS0246, the compiler's, on the user's code); only the HG diagnostics are compared.
    /// </summary>
    static Task CheckCustom(string source, params DiagnosticResult[] expected)
    {
        var test = new HyperGenTest<HypernetAttributeAnalyzer, EmptyCodeFixProvider> { TestCode = U + source, CompilerDiagnostics = CompilerDiagnostics.None };
        test.WithGeneratedCode();
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    // ---- HG0024: nothing to generate

    [Theory]
    [InlineData("[{|#0:Hypernet(Input = new[] { 1, 8, 8 })|}]\n[MaxPool2d(2)]\n[Flatten]")]
    [InlineData("[{|#0:Hypernet|}]\n[Flatten]")]
    public Task HG0024_a_net_without_a_weight_layer(string attributes) =>
        Check(attributes + "\npublic partial class Net { }", D("HG0024", 0, "Net"));

    // ---- HG0014: user members and nested types named like generated ones

    [Theory]
    [InlineData("public class {|#0:Weights|} { }", "Weights")]
    [InlineData("public struct {|#0:Targets|} { }", "Targets")]
    [InlineData("public int {|#0:Mainnet|};", "Mainnet")]
    [InlineData("public static int {|#0:Definition|};", "Definition")]
    [InlineData("public void {|#0:InitReport|}() { }", "InitReport")]
    [InlineData("public void {|#0:ResetParameters|}(int seed) { }", "ResetParameters")]
    [InlineData("public object? {|#0:Initialization|} => null;", "Initialization")]
    [InlineData("private readonly int {|#0:embeddings|};", "embeddings")]
    [InlineData("private readonly object? {|#0:layer1WeightHead|};", "layer1WeightHead")]
    [InlineData("private readonly object? {|#0:hidden1|};", "hidden1")]
    public Task HG0014_members_named_like_generated_ones(string member, string name) =>
        Check("[Hypernet(Embedding = 8, Hidden = new[] { 4 })]\n[Linear(4, 2)]\npublic partial class Net\n{\n    " + member + "\n}",
            D(DiagnosticIds.NameClash, 0, "Net", name));

    [Theory]
    [InlineData("public static Tensor Hidden(Tensor h) => h;")]
    [InlineData("private Tensor HeadInputs() => torch.zeros(1);")]
    [InlineData("public static double ExpectedHeadInputMoment => 1;")]
    [InlineData("public Tensor Layer1Weight => torch.zeros(1);")]
    public Task Members_named_like_what_the_generated_class_no_longer_declares_compile(string member) =>
        Check("[Hypernet(Embedding = 8, Hidden = new[] { 4 })]\n[Linear(4, 2)]\npublic partial class Net\n{\n    " + member + "\n}");

    [Fact]
    public Task HG0014_the_chunked_forms_shared_head() =>
        Check("[Hypernet(Embedding = 8, Chunk = 16)]\n[Linear(4, 2)]\npublic partial class Net\n{\n    int {|#0:head|};\n}",
            D(DiagnosticIds.NameClash, 0, "Net", "head"));

    [Fact]
    public Task HG0014_in_a_nested_hypernet_is_reported_from_the_nested_type_that_clashes() =>
        Check("public partial class Outer\n{\n    [Hypernet] [Linear(4, 2)]\n    public partial class Net\n    {\n        public class {|#0:Weights|} { public class Deeper { } }\n    }\n}",
            D(DiagnosticIds.NameClash, 0, "Net", "Weights"));

    // ---- HG0025: the class itself named like a generated member

    [Theory]
    [InlineData("Weights")]
    [InlineData("Targets")]
    [InlineData("Mainnet")]
    [InlineData("forward")]
    [InlineData("GenerateWeights")]
    [InlineData("Definition")]
    public Task HG0025_a_class_named_like_a_generated_member(string name) =>
        Check("[Hypernet] [Linear(4, 2)]\npublic partial class {|#0:" + name + "|} { }", D("HG0025", 0, name));

    [Theory]
    [InlineData("InitReport")]
    [InlineData("Initialization")]
    [InlineData("layer1WeightHead")]
    [InlineData("embeddings")]
    [InlineData("Hidden")]
    public Task A_class_named_like_a_base_member_a_registered_name_or_nothing_generated_compiles(string name) =>
        Check("[Hypernet] [Linear(4, 2)]\npublic partial class " + name + " { }");

    [Fact]
    public Task HG0025_nested_in_another_class() =>
        Check("public partial class Outer\n{\n    [Hypernet] [Linear(4, 2)]\n    public partial class {|#0:Targets|} { }\n}", D("HG0025", 0, "Targets"));

    // ---- HG0015: tensor names that collide with what Weights and Targets declare next to them

    [Theory]
    [InlineData("Weights")]
    [InlineData("Targets")]
    [InlineData("All")]
    [InlineData("Named")]
    [InlineData("Tensors")]
    [InlineData("Definition")]
    [InlineData("ToString")]
    [InlineData("GetHashCode")]
    public Task HG0015_tensor_names_taken_by_generated_members(string name) =>
        Check("[Hypernet(Embedding = 8)]\n[GenerateTensor({|#0:\"" + name + "\"|}, 4, 4)]\npublic partial class Net\n{\n    public static partial Tensor Mainnet(Tensor x, Weights w) => x;\n}",
            D(DiagnosticIds.BadName, 0, "Tensor name", name, "is a name the generated Weights or Targets already use"));

    [Theory]
    [InlineData("In")]
    [InlineData("Class")]
    [InlineData("Name")]
    [InlineData("Tensor")]
    [InlineData("Dim0")]
    [InlineData("Rank")]
    public Task Tensor_names_the_generated_code_does_not_use_compile(string name) =>
        Check("[Hypernet(Embedding = 8)]\n[GenerateTensor(\"" + name + "\", 4, 4)]\npublic partial class Net\n{\n    public static partial Tensor Mainnet(Tensor x, Weights w) => nn.functional.linear(x, w." + name + ");\n}");

    [Theory]
    [InlineData("In")]
    [InlineData("Name")]
    [InlineData("All")]
    [InlineData("Tensor")]
    public Task Layer_names_like_generated_members_are_fine_because_their_tensors_are_NameWeight_and_NameBias(string name) =>
        Check("[Hypernet(Embedding = 8)]\n[Linear(4, 2, Name = \"" + name + "\")]\npublic partial class Net { }");

    // ---- HG0026: constructors

    [Fact]
    public Task HG0026_a_primary_constructor() =>
        Check("[Hypernet] [Linear(4, 2)]\npublic partial class Net{|#0:(int seed)|} { }",
            D("HG0026", 0, "'Net' has a primary constructor, which the generated parameterless constructor would have to call; declare a constructor that calls ': this()' instead, e.g. 'public Net(int seed) : this() { … }'"));

    [Fact]
    public Task HG0026_a_constructor_that_does_not_chain_to_this() =>
        // The runtime base has no parameterless constructor, so the compiler adds CS7036 at the implicit ': base()'.
        Check("[Hypernet] [Linear(4, 2)]\npublic partial class Net\n{\n    public {|#0:Net|}(int seed) { }\n}",
            DiagnosticResult.CompilerError("CS7036").WithLocation(0).WithArguments("definition", "HyperGen.HypernetModule.HypernetModule(HyperGen.HypernetDefinition)"),
            D("HG0026", 0, "The constructor 'Net(int seed)' does not call ': this()', so the hypernet's parameters are never created; add ': this()' (the generated constructor builds and initialises them)"));

    [Fact]
    public Task A_constructor_that_chains_to_this_compiles() =>
        Check("[Hypernet] [Linear(4, 2)]\npublic partial class Net\n{\n    public readonly int Seed;\n    public Net(int seed) : this() { Seed = seed; }\n}");

    // ---- HG0032: the custom Mainnet must implement the generated partial declaration

    [Theory]
    [InlineData("public static Tensor {|#0:Mainnet|}(Tensor x, Weights w) => x;", "without 'partial'")]
    [InlineData("internal static partial Tensor {|#0:Mainnet|}(Tensor x, Weights w) => x;", "as internal")]
    [InlineData("public static partial Tensor {|#0:Mainnet|}(Tensor x, Weights w, int k) => x;", "with parameters (Tensor x, Weights w, int k)")]
    public Task HG0032_custom_Mainnet_with_the_wrong_signature(string mainnet, string wrong) =>
        CheckCustom("[Hypernet(Embedding = 8)]\n[GenerateTensor(\"W\", 2, 4)]\npublic partial class Net\n{\n    " + mainnet + "\n}",
            D("HG0032", 0, "Net", wrong));

    [Fact]
    public Task A_custom_Mainnet_overload_next_to_the_partial_one_compiles() =>
        Check("[Hypernet(Embedding = 8)]\n[GenerateTensor(\"W\", 2, 4)]\npublic partial class Net\n{\n    public static partial Tensor Mainnet(Tensor x, Weights w) => nn.functional.linear(x, w.W);\n    public static Tensor Mainnet(Tensor x) => x;\n}");

    // ---- HG0013: file-local classes

    [Fact]
    public Task HG0013_a_file_local_class() =>
        Check("[Hypernet] [Linear(4, 2)]\nfile partial class {|#0:Net|} { }",
            D(DiagnosticIds.UnsupportedType, 0, "Net", "file-local (declared 'file'), so the generated part in its own file would be a different class"));

    [Fact]
    public Task HG0013_nested_in_a_file_local_class() =>
        Check("file partial class Outer\n{\n    [Hypernet] [Linear(4, 2)]\n    public partial class {|#0:Net|} { }\n}",
            D(DiagnosticIds.UnsupportedType, 0, "Net", "nested in the file-local type 'Outer', so the generated part in its own file would be a different class"));

    // ---- HG0007 and the chunked form

    [Fact]
    public Task Chunked_form_accepts_a_layer_whose_per_tensor_head_would_be_too_large() =>
        Check("[Hypernet(Embedding = 64, Chunk = 4096)]\n[Linear(10000, 10000)]\npublic partial class Net { }");

    [Fact]
    public Task Per_tensor_heads_still_reject_that_layer() =>
        Check("[Hypernet(Embedding = 64)]\n[{|#0:Linear(10000, 10000)|}]\npublic partial class Net { }",
            D(DiagnosticIds.AbsurdSize, 0, "The head generating the weight of Linear(10000, 10000)", "6400000000 parameters", "4294967296"));

    [Fact]
    public Task HG0007_a_chunk_count_beyond_int() =>
        Check("[Hypernet(Embedding = 4, {|#0:Chunk = 1|})]\n[Linear(40000, 40000)]\n[Linear(40000, 40000, Bias = false)]\npublic partial class Net { }",
            D(DiagnosticIds.AbsurdSize, 0, "The number of chunks (3200040000 generated elements / Chunk = 1)", "3200040000", "2147483647"));

    [Fact]
    public Task HG0007_chunk_embeddings_beyond_the_limit() =>
        Check("[Hypernet(Embedding = 4096, {|#0:Chunk = 2|})]\n[Linear(40000, 40000)]\npublic partial class Net { }",
            D(DiagnosticIds.AbsurdSize, 0, "The chunk embeddings (800020000 chunks × Embedding 4096)", "3276881920000 parameters", "4294967296"));

    [Fact]
    public Task HG0007_a_hidden_layer_beyond_the_limit() =>
        Check("[Hypernet(Embedding = 1000000, Hidden = new[] { {|#0:1000000|} })]\n[Linear(4, 2)]\npublic partial class Net { }",
            D(DiagnosticIds.AbsurdSize, 0, "The weight of hidden layer 1 (Linear(1000000 → 1000000))", "1000000000000 parameters", "4294967296"));

    // ---- argument-precise locations with named arguments in any order

    [Fact]
    public Task HG0006_points_at_the_named_argument_whatever_its_position() =>
        Check("[Hypernet]\n[Linear({|#0:outFeatures: 0|}, inFeatures: 4)]\npublic partial class Net { }",
            D(DiagnosticIds.NonPositiveSize, 0, "outFeatures of Linear(4, 0)", "0"));

    [Fact]
    public Task HG0008_points_at_inFeatures_when_it_is_named_last() =>
        Check("[Hypernet]\n[Linear(4, 8)]\n[Linear(outFeatures: 2, {|#0:inFeatures: 6|})]\npublic partial class Net { }",
            D(DiagnosticIds.SizeMismatch, 0, "inFeatures of Linear(6, 2)", "6", "8"));

    [Fact]
    public Task HG0006_points_at_the_element_of_a_GenerateTensor_shape_written_as_an_array() =>
        CheckCustom("[Hypernet]\n[GenerateTensor(\"W\", new[] { 4, {|#0:0|} })]\npublic partial class Net\n{\n    public static partial Tensor Mainnet(Tensor x, Weights w) => x;\n}",
            D(DiagnosticIds.NonPositiveSize, 0, "Dimension 1 of 'W'", "0"));
}
