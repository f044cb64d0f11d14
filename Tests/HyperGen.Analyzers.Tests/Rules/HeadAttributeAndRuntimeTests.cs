using System.Threading;
using System.Threading.Tasks;
using HyperGen.Analyzers.Attributes;
using HyperGen.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = HyperGen.Analyzers.Tests.Infrastructure.Verify<HyperGen.Analyzers.Heads.HypernetHeadAnalyzer>;

namespace HyperGen.Analyzers.Tests.Rules;

/// <summary>HG0020 (runtime not referenced) and HG0021–HG0023 (the [HypernetHead] attribute).</summary>
public class HeadAttributeAndRuntimeTests
{
    const string Usings = "using HyperGen;\nusing TorchSharp;\nusing TorchSharp.Modules;\nusing static TorchSharp.torch;\n\n";

    static DiagnosticResult D(string id, int location, params object[] args) =>
        V.Diagnostic(id).WithLocation(location).WithArguments(args);

    [Fact]
    public async Task HG0020_runtime_not_referenced()
    {
        var test = new HyperGenTest<RuntimeReferenceAnalyzer, EmptyCodeFixProvider>(TestEnvironment.ReferencesWithoutRuntime)
        {
            TestCode = "[{|#0:Hypernet|}(Embedding = 8)]\npublic partial class Net\n{\n    [{|#1:HyperGen.HypernetHead|}(2, 2)] object? head;\n}",
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.For(Generators.Spec.ProblemKind.RuntimeNotReferenced)).WithLocation(0).WithArguments("Hypernet"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.For(Generators.Spec.ProblemKind.RuntimeNotReferenced)).WithLocation(1).WithArguments("HypernetHead"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task HG0020_not_reported_with_the_runtime_or_for_a_users_own_attribute()
    {
        var test = new HyperGenTest<RuntimeReferenceAnalyzer, EmptyCodeFixProvider>(TestEnvironment.ReferencesWithoutRuntime)
        {
            TestCode = "[System.AttributeUsage(System.AttributeTargets.Class)] class HypernetAttribute : System.Attribute { }\n[Hypernet] class Mine { }",
        };
        await test.RunAsync(CancellationToken.None);
        await Verify<RuntimeReferenceAnalyzer>.AnalyzerAsync("using HyperGen;\n[Hypernet] [Linear(2, 2)] public partial class Net { }");
    }

    [Fact]
    public Task HG0021_head_attribute_on_a_non_linear() =>
        V.AnalyzerAsync(Usings + "public sealed class M : nn.Module\n{\n    [{|#0:HypernetHead(3, 4)|}] readonly Parameter p = new Parameter(torch.zeros(12, 8));\n    public M() : base(\"M\") => RegisterComponents();\n}",
            D(DiagnosticIds.HeadAttributeOnNonLinear, 0, "p", "Parameter"));

    [Fact]
    public Task HG0022_invalid_head_attribute_arguments() =>
        V.AnalyzerAsync(Usings + """
            public sealed class M : nn.Module
            {
                [HypernetHead(3, {|#0:0|}, {|#1:Embedding = -2|}, {|#2:EmbeddingSecondMoment = 0|})] readonly Linear a = nn.Linear(8, 0);
                [{|#3:HypernetHead|}] readonly Linear b = nn.Linear(8, 12);
                public M() : base("M") => RegisterComponents();
            }
            """,
            D(DiagnosticIds.InvalidHeadAttribute, 0, "Dimension 1", "a", "0", "every dimension must be positive"),
            D(DiagnosticIds.InvalidHeadAttribute, 1, "Embedding", "a", "-2", "it is the head's input width d_k and must be positive (0 leaves it unstated)"),
            D(DiagnosticIds.InvalidHeadAttribute, 2, "EmbeddingSecondMoment", "a", "0", "E[e²] is a second moment: positive and finite (1 for U(−√3, √3) or N(0, 1) embeddings)"),
            D(DiagnosticIds.InvalidHeadAttribute, 3, "The layer weight shape", "b", "empty", "give the mainnet layer's weight shape [out, in, kernel…], e.g. [HypernetHead(300, 784)]"));

    [Fact]
    public Task HG0023_head_attribute_disagrees_with_its_linear() =>
        V.AnalyzerAsync(Usings + """
            public sealed class M : nn.Module
            {
                [{|#0:HypernetHead(300, 784, Embedding = 64)|}] readonly Linear a = nn.Linear(32, 1000);
                [{|#1:HypernetHead(10, 100, Role = TensorRole.Bias)|}] readonly Linear b;
                [HypernetHead(10, 100, Embedding = 32)] readonly Linear ok = nn.Linear(32, 1000);
                public M() : base("M")
                {
                    b = nn.Linear(32, 100);
                    RegisterComponents();
                }
            }
            """,
            D(DiagnosticIds.HeadShapeMismatch, 0, "a", "outputs", "235200 (300 × 784)", "1000"),
            D(DiagnosticIds.HeadShapeMismatch, 0, "a", "inputs (Embedding)", "64", "32"),
            D(DiagnosticIds.HeadShapeMismatch, 1, "b", "outputs", "a bias of 10 for layer weight [10, 100]", "100"));

    [Fact]
    public Task Correct_head_attributes_get_no_diagnostic() =>
        V.AnalyzerAsync(Usings + """
            public sealed class M : nn.Module
            {
                [HypernetHead(16, 3, 3, 3, Embedding = 8, Activation = Activation.LeakyReLU, NegativeSlope = 0.2)] readonly Linear conv = nn.Linear(8, 16 * 3 * 3 * 3);
                [HypernetHead(16, 3, 3, 3, Role = TensorRole.Bias)] readonly Linear convBias = nn.Linear(8, 16);
                public M() : base("M") => RegisterComponents();
            }
            """);
}
