using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HyperGen.Generators.Tests;

/// <summary>
/// One mistake, one error (anchor: CommunityToolkit.Mvvm drops only the bad member). A class with an invalid attribute
/// still gets its public surface — base, constructor, forward, GenerateWeights, Weights as far as known — so a project
/// that uses it sees the analyzers' HG diagnostic and not a cascade of CS errors where the class is used.
/// </summary>
public class SurfaceTests
{
    /// <summary>Every HyperGen analyzer, to run next to the generator.</summary>
    internal static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(HyperGen.Analyzers.Attributes.HypernetAttributeAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
        .ToImmutableArray();

    const string Usings = "using HyperGen;\nusing TorchSharp;\nusing static TorchSharp.torch;\nnamespace Demo;\n";

    /// <summary>Code that uses a plain hypernet the way the README does.</summary>
    const string UsePlain = """
        public static class Use
        {
            public static Tensor Run(Tensor x)
            {
                using var model = new Net();
                var w = model.GenerateWeights();
                var y = Net.Mainnet(x, w) + model.forward(x);
                System.Console.WriteLine(model.InitReport());
                model.ResetParameters(HyperfanMode.Out, calibrate: false);
                return y + w.Layer1Weight.sum();
            }
        }
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        { "HG0006", "[Hypernet(Embedding = 8)] [Linear(4, 6)] [Linear(6, 0)]", UsePlain },
        { "HG0006", "[Hypernet(Embedding = -3)] [Linear(4, 6)] [Linear(6, 2)]", UsePlain },
        { "HG0008", "[Hypernet(Embedding = 8)] [Linear(4, 6)] [Linear(5, 2)]", UsePlain },
        { "HG0019", "[Hypernet(Embedding = 8, Init = (HyperfanMode)9)] [Linear(4, 6)] [Linear(6, 2)]", UsePlain },
        { "HG0019", "[Hypernet(Embedding = 8)] [Linear(4, 6, Activation = (Activation)42)] [Linear(6, 2)]", UsePlain },
        { "HG0015", "[Hypernet(Embedding = 8)] [Linear(4, 6)] [Linear(6, 2, Name = \"Layer1\")]", UsePlain },
        { "HG0004", "[Hypernet(Embedding = 8)]", UsePlain.Replace(" + w.Layer1Weight.sum()", "") },
        { "HG0031", "[Hypernet(Embedding = 8)] [GenerateTensor(\"W1\", 2, 4)]", UsePlain.Replace("Layer1Weight", "W1") },
        { "HG0030", "[Hypernet(Embedding = 8, Conditions = 3, Chunk = 16)] [Linear(4, 6)] [Linear(6, 2)]",
            "public static class Use { public static Tensor Run(Tensor x) { using var model = new Net(); return model.forward(x, 2) + model.GenerateWeights(1).Layer2Bias.sum(); } }" },
        // Arguments that use the class's own generated constants: the generator cannot read them (they do not exist yet) and
        // emits the surface; the finished build used to show no error at all, and the class threw when constructed.
        { "HG0019", "[Hypernet(Embedding = 8, Conditions = 3)] [Linear(Net.ConditionCount, 6)] [Linear(6, 2)]",
            "public static class Use { public static Tensor Run(Tensor x) { using var model = new Net(); return model.forward(x, 2); } }" },
        { "HG0019", "[Hypernet(Embedding = 8, Noise = 2)] [Linear(4, 6, Name = nameof(Net.NoiseSize))] [Linear(6, 2)]", UsePlain.Replace("Layer1Weight", "NoiseSizeWeight") },
        { "HG0019", "[Hypernet(Embedding = 8, ConditionSize = 3, ConditionSecondMoment = -1)] [Linear(4, 6)] [Linear(6, 2)]",
            "public static class Use { public static Tensor Run(Tensor x, Tensor c) => new Net().forward(x, c) + Net.MainnetBatched(x.unsqueeze(0), new Net().GenerateWeights(c)); }" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_project_using_a_class_with_one_invalid_attribute_sees_only_the_HG_error(string id, string attributes, string use)
    {
        string source = Usings + "/// <summary>A hypernet.</summary>\n" + attributes + "\npublic partial class Net { }\n" + Documented(use);
        var compilation = GeneratorHarness.Compilation(source);
        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var diagnostics = await output.WithAnalyzers(Analyzers).GetAllDiagnosticsAsync();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count > 0 && errors.All(d => d.Id.StartsWith("HG")),
            "Expected HG errors only:\n" + GeneratorHarness.Describe(errors));
        Assert.Contains(errors, d => d.Id == id);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CS") && d.Severity >= DiagnosticSeverity.Warning);
        Assert.Single(output.SyntaxTrees, t => t.FilePath.EndsWith(".Hypernet.g.cs"));
    }

    /// <summary>The harness compiles with documentation diagnostics on: the user code documents its public members.</summary>
    static string Documented(string use) =>
        use.Replace("public static class Use", "/// <summary>Uses Net.</summary>\npublic static class Use")
           .Replace("public static Tensor Run", "/// <summary>Runs it.</summary>\npublic static Tensor Run");

    /// <summary>
    /// A user member (not a type) named Weights: the surface's GenerateWeights and Mainnet name the type Weights, so no
    /// surface is emitted, as for a clash with Definition (it used to be, with CS0246 in the generated file). A user type
    /// named Weights keeps the surface: those signatures then name it.
    /// </summary>
    [Theory]
    [InlineData("private static void Weights() { }", 0)]
    [InlineData("public object? Weights { get; set; }", 0)]
    [InlineData("public class Weights { }", 1)]
    public void A_member_named_Weights_gets_HG0014_and_no_generated_code_that_cannot_compile(string member, int files)
    {
        var (generated, diagnostics) = GeneratorHarness.Run(Usings + "#pragma warning disable CS1591\n[Hypernet(Embedding = 4)] [Linear(3, 2)]\npublic partial class Net { " + member + " }");
        Assert.Equal(files, generated.Count);
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        var compilation = GeneratorHarness.Compilation(Usings + "[Hypernet(Embedding = 4)] [Linear(3, 2)]\npublic partial class Net { " + member + " }");
        var type = compilation.GetTypeByMetadataName("Demo.Net")!;
        Assert.Contains(Parsing.HypernetSpecParser.Parse(type, compilation, System.Threading.CancellationToken.None).Problems, p => p.ToString().StartsWith("HG0014"));
    }

    [Fact]
    public void The_surface_throws_instead_of_running_a_broken_hypernet()
    {
        var (files, _) = GeneratorHarness.Run(Usings + "[Hypernet(Embedding = 8)] [Linear(4, 6)] [Linear(5, 2)] public partial class Net { }");
        string text = Assert.Single(files).Text;
        Assert.Contains("Definition => throw global::HyperGen.HypernetDefinition.HasErrors(\"Net\");", text);
        Assert.Contains("public static global::TorchSharp.torch.Tensor Mainnet(global::TorchSharp.torch.Tensor x, Weights w) => throw", text);
        Assert.DoesNotContain("functional.linear", text);
    }
}
