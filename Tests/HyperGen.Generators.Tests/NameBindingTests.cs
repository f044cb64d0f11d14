using System.Linq;
using Microsoft.CodeAnalysis;
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
                public class Tensor { } public class torch { } public class nn { } public class HypernetModule { } public class IHypernet { }
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
}
