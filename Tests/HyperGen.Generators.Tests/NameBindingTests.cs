using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HyperGen.Generators.Tests;

/// <summary>
/// User code can change what a simple name in the generated part binds to: every type is written <c>global::</c>-qualified,
/// and the class's own name is a string literal, not <c>nameof(Net)</c> — a member named <c>nameof</c> (legal C#) turned
/// that into a call of the member (CS0119 in generated code).
/// </summary>
public class NameBindingTests
{
    [Theory]
    [InlineData("public partial class Net { public static string nameof(object o) => \"\"; }")]
    [InlineData("public partial class Net { public static System.Func<object, string> nameof = o => \"\"; }")]
    [InlineData("public partial class Outer { static int nameof(int x) => x; [Hypernet(Embedding = 4)] [Linear(2, 3)] public partial class Net { } }")]
    public void A_member_named_nameof_does_not_capture_the_generated_code(string declaration)
    {
        string source = "using HyperGen;\nnamespace Demo;\n#pragma warning disable CS1591\n" +
                        (declaration.StartsWith("public partial class Outer") ? declaration : "[Hypernet(Embedding = 4)] [Linear(2, 3)]\n" + declaration);
        var (files, diagnostics) = GeneratorHarness.Run(source);
        Assert.Single(files);
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, GeneratorHarness.Describe(problems));
    }

    [Fact]
    public void Types_the_user_declares_with_HyperGen_and_TorchSharp_names_do_not_shadow_the_generated_code()
    {
        const string source = """
            namespace Demo
            {
                public class Tensor { } public class @torch { } public class @nn { } public class HypernetModule { } public class IHypernet { }
                public class HypernetDefinition { } public class HypernetWeights { } public class HypernetParts { } public class TargetTensor { }
                public class Activation { } public class System { } public class TorchSharp { } public class HyperGen { }
                /// <summary>A hypernet.</summary>
                [global::HyperGen.Hypernet(Embedding = 4, Conditions = 2)] [global::HyperGen.Linear(2, 3, Activation = global::HyperGen.Activation.ReLU)]
                public partial class Net { }
            }
            """;
        var (files, diagnostics) = GeneratorHarness.Run(source);
        Assert.Single(files);
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591").ToList();
        Assert.True(problems.Count == 0, GeneratorHarness.Describe(problems));
    }

    /// <summary>
    /// A class whose name is all lower-case ASCII draws CS8981 (a warning wave of .NET 7+ projects), which the user silences
    /// by declaring it <c>@net</c>; the generated part wrote <c>partial class net</c> and brought the warning back (an error
    /// under TreatWarningsAsErrors). Containing types and a tensor's all-lower-case constructor parameter likewise.
    /// </summary>
    [Fact]
    public void Lower_case_names_the_user_escaped_draw_no_warning_from_the_generated_part()
    {
        const string source = """
            using HyperGen;
            using static TorchSharp.torch;
            namespace Demo;
            #pragma warning disable CS1591
            public partial class @outer
            {
                [Hypernet(Embedding = 4)] [GenerateTensor("W", 3, 2)]
                public partial class @net { public static partial Tensor Mainnet(Tensor x, Weights w) => x; }
            }
            """;
        var compilation = GeneratorHarness.Compilation(source); // every warning wave, as recent SDKs enable them
        Assert.Equal(9999, compilation.Options.WarningLevel);
        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Equal(2, output.SyntaxTrees.Count());
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, GeneratorHarness.Describe(problems));
    }

    /// <summary>
    /// Contextual keywords are identifiers: a layer named var or record makes VarWeight and RecordBias, as a [GenerateTensor]
    /// named value is the property value. They used to be refused with HG0015 "is not a valid C# identifier".
    /// </summary>
    [Fact]
    public void Layers_named_like_contextual_keywords_generate_their_tensors()
    {
        var (files, diagnostics) = GeneratorHarness.Run("""
            using HyperGen;
            namespace Demo;
            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 4)] [Linear(2, 3, Name = "var")] [Linear(3, 3, Name = "record")] [Linear(3, 2, Name = "value")]
            public partial class Net { }
            """);
        string text = Assert.Single(files).Text;
        Assert.Contains("public global::TorchSharp.torch.Tensor VarWeight => Tensors[0];", text);
        Assert.Contains("w.RecordBias", text);
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, GeneratorHarness.Describe(problems));
    }

    /// <summary>
    /// A name is a legal string of any length, but .NET metadata holds names of at most 1023 bytes: a 1100-character layer
    /// or tensor name compiled, then failed when the assembly was written (CS7013 in the generated file). HG0015 now.
    /// </summary>
    [Theory]
    [InlineData("[Linear(2, 3, Name = \"NAME\")]", "", "Layer name")]
    [InlineData("[GenerateTensor(\"NAME\", 3, 2)]", "public static partial Tensor Mainnet(Tensor x, Weights w) => x;", "Tensor name")]
    public async Task Names_too_long_for_metadata_get_HG0015_not_an_emit_error(string attribute, string body, string what)
    {
        string source = "using HyperGen;\nusing static TorchSharp.torch;\nnamespace Demo;\n#pragma warning disable CS1591\n[Hypernet(Embedding = 4)] " +
                        attribute.Replace("NAME", new string('A', 1100)) + "\npublic partial class Net { " + body + " }";
        var compilation = GeneratorHarness.Compilation(source);
        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var errors = (await output.WithAnalyzers(SurfaceTests.Analyzers).GetAllDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var error = Assert.Single(errors);
        Assert.Equal("HG0015", error.Id);
        Assert.StartsWith(what, error.GetMessage());
        Assert.Contains("over the 1023 bytes .NET metadata allows", error.GetMessage());
        using var stream = new System.IO.MemoryStream();
        Assert.DoesNotContain(output.Emit(stream).Diagnostics, d => d.Id == "CS7013");
    }

    /// <summary>
    /// A [GenerateTensor] is the Weights property it names, as written ("the property name on Weights"): lower-case names
    /// used to be capitalised (w1 → W1), so a Mainnet written against the documented w.w1 failed with CS1061.
    /// </summary>
    [Fact]
    public void A_custom_tensor_is_the_property_it_names_in_any_case()
    {
        const string source = """
            using HyperGen;
            using TorchSharp;
            using static TorchSharp.torch;
            namespace Demo;
            #pragma warning disable CS1591
            [Hypernet(Embedding = 4)]
            [GenerateTensor("w1", 3, 2, Activation = Activation.ReLU)] [GenerateTensor("b1", 3, BiasOf = "w1")] [GenerateTensor("value", 2, 3)]
            public partial class Net
            {
                public static partial Tensor Mainnet(Tensor x, Weights w) => nn.functional.linear(nn.functional.linear(x, w.w1, w.b1), w.value);
                public static TargetTensor First => Targets.w1;
            }
            """;
        var (files, diagnostics) = GeneratorHarness.Run(source);
        Assert.Contains("new global::HyperGen.TargetTensor(\"w1\", ", Assert.Single(files).Text);
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, GeneratorHarness.Describe(problems));
    }

    /// <summary>
    /// Generated code reaches TorchSharp and the runtime through <c>global::</c>; a reference under an extern alias only is
    /// not there. Before: an aliased runtime gave CS0400 errors in the generated file, an aliased TorchSharp HG0016
    /// ("add a package reference"), which it had. Now HG0028 names the alias, and nothing is generated.
    /// </summary>
    [Theory]
    [InlineData("HyperGen.dll", "extern alias HG;\nusing HG::HyperGen;", "'Net' needs HyperGen in the global namespace, where its generated code looks for it ('global::HyperGen'), but the project references the HyperGen runtime only under the extern alias 'HG'")]
    [InlineData("TorchSharp.dll", "extern alias HG;\nusing HyperGen;", "'Net' needs TorchSharp in the global namespace, where its generated code looks for it ('global::TorchSharp'), but the project references TorchSharp only under the extern alias 'HG'")]
    public async Task A_reference_under_an_extern_alias_only_gets_HG0028_and_no_generated_file(string assembly, string usings, string message)
    {
        var compilation = GeneratorHarness.Compilation(usings + "\nnamespace Demo;\n/// <summary>A hypernet.</summary>\n[Hypernet(Embedding = 4)] [Linear(2, 3)] public partial class Net { }");
        var reference = compilation.References.Single(r => r.Display!.EndsWith(assembly, System.StringComparison.Ordinal));
        compilation = compilation.ReplaceReference(reference, reference.WithAliases(["HG"]));
        var driver = GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        Assert.Empty(driver.GetRunResult().Results.Single().GeneratedSources);
        var errors = (await output.WithAnalyzers(SurfaceTests.Analyzers).GetAllDiagnosticsAsync()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        var error = Assert.Single(errors);
        Assert.Equal("HG0028", error.Id);
        Assert.StartsWith(message, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
