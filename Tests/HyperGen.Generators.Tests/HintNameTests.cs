using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HyperGen.Generators.Tests;

/// <summary>
/// No CS8785, ever: Roslyn drops every generated file when one hint name is invalid or taken twice (it compares them
/// ignoring case). Each case here once made the generator throw; now each class gets its own valid file and compiles.
/// </summary>
public class HintNameTests
{
    const string Net = "[Hypernet(Embedding = 4)] [Linear(2, 3)]";

    static (string[] HintNames, Diagnostic[] Errors) Run(params string[] sources)
    {
        var (files, diagnostics) = GeneratorHarness.Run(sources);
        Assert.DoesNotContain(diagnostics, d => d.Id is "CS8785" or "AD0001");
        return (files.Select(f => f.HintName).ToArray(), diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray());
    }

    [Fact]
    public void A_keyword_namespace_segment_does_not_reach_the_hint_name()
    {
        var (names, errors) = Run($"using HyperGen; namespace MyApp.@event; {Net} public partial class Net {{ }}");
        Assert.Equal(["MyApp.event.Net.Hypernet.g.cs"], names);
        Assert.Empty(errors);
    }

    [Fact]
    public void Classes_whose_names_differ_only_in_case_get_distinct_files()
    {
        var (names, errors) = Run($"using HyperGen; namespace Demo; {Net} public partial class Net {{ }} {Net} public partial class NET {{ }} {Net} public partial class nET {{ }}");
        Assert.Equal(3, names.Length);
        Assert.Equal(3, names.Select(n => n.ToLowerInvariant()).Distinct().Count());
        Assert.Empty(errors);
    }

    [Fact]
    public void Hypernet_on_two_partial_declarations_generates_once()
    {
        var (names, errors) = Run(
            $"using HyperGen; namespace Demo; {Net} public partial class Net {{ }}",
            "using HyperGen; namespace Demo; [Hypernet(Embedding = 4)] public partial class Net { }");
        Assert.Single(names);
        Assert.Equal(["CS0579"], errors.Select(e => e.Id).Distinct());    // the compiler's own "duplicate attribute", nothing else
    }

    [Fact]
    public void Nested_and_non_ascii_names_are_valid_and_unique()
    {
        var (names, errors) = Run(
            $"using HyperGen; namespace Ünï.Cöde; public partial class Outer {{ {Net} public partial class 层 {{ }} }}",
            $"using HyperGen; namespace Ünï.Cöde.Outer2; {Net} public partial class 层 {{ }}",
            $"using HyperGen; public partial class Outer {{ public partial class Inner {{ {Net} public partial class Net {{ }} }} }}");
        Assert.Equal(3, names.Length);
        Assert.Equal(3, names.Select(n => n.ToLowerInvariant()).Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[A-Za-z0-9_.+]+\\.Hypernet\\.g\\.cs$", n));
        Assert.Contains("Outer+Inner+Net.Hypernet.g.cs", names);
        Assert.Empty(errors);
    }

    [Fact]
    public void A_hypernet_in_a_generic_type_gets_an_HG_error_and_no_file()
    {
        string source = $"using HyperGen; namespace Demo; public partial class Outer<T> {{ {Net} public partial class Net {{ }} }} public partial class Outer {{ {Net} public partial class Net {{ }} }}";
        var (names, errors) = Run(source);
        Assert.Equal(["Demo.Outer+Net.Hypernet.g.cs"], names);
        Assert.Empty(errors);
        var compilation = GeneratorHarness.Compilation(source);
        var result = Parsing.HypernetSpecParser.Parse(compilation.GetTypeByMetadataName("Demo.Outer`1+Net")!, compilation, System.Threading.CancellationToken.None);
        Assert.Contains(result.Problems, p => p.ToString().StartsWith("HG0013") && p.ToString().Contains("generic type 'Outer'"));
    }

    [Fact]
    public void Very_long_type_names_get_short_distinct_hint_names()
    {
        // 300-character names are legal C#; as file names under obj/ (EmitCompilerGeneratedFiles) they exceed 255 bytes.
        string a = new('N', 300), b = new string('N', 299) + "M";
        var (names, errors) = Run($"using HyperGen; namespace Demo; {Net} public partial class {a} {{ }} {Net} public partial class {b} {{ }}");
        Assert.Equal(2, names.Length);
        Assert.Equal(2, names.Select(n => n.ToLowerInvariant()).Distinct().Count());
        Assert.All(names, n => Assert.True(n.Length <= 128, $"{n.Length} characters: {n}"));
        Assert.All(names, n => Assert.StartsWith("Demo.NNNN", n));
        Assert.Empty(errors);
    }
}
