using System;
using System.Linq;
using HyperGen.Benchmarks;
using HyperGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace HyperGen.Generators.Tests;

/// <summary>
/// Mapperly-style: run the driver, edit the compilation, run again, and check what each named step did.
/// The pipeline is <c>Declarations</c> (a snapshot of every file outside member bodies, plus references and
/// options) → <c>Specs</c> (one per valid class) → output. An edit inside a member body must stop at
/// <c>Declarations</c> (Unchanged: compared, equal) so that no attribute is bound again; any other edit
/// re-parses every class, and only the classes whose spec changed are emitted again.
/// </summary>
public class IncrementalityTests
{
    const string Model = """
        using HyperGen;
        namespace Demo;

        [Hypernet(Embedding = 8)]
        [Linear(4, 6, Activation = Activation.ReLU)]
        [Linear(6, 2)]
        public partial class Small
        {
            public int Unrelated() => 1;
        }
        """;

    const string Other = "namespace Demo; public class Other { public int Value => 1; }";

    static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(params string[] sources)
    {
        var compilation = GeneratorHarness.Compilation(sources.Length == 0 ? [Model, Other] : sources);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        return (driver, compilation);
    }

    static GeneratorRunResult Result(GeneratorDriver driver) => driver.GetRunResult().Results.Single();

    static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step) =>
        Result(driver).TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    static IncrementalStepRunReason[] OutputReasons(GeneratorDriver driver) =>
        Result(driver).TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    static SyntaxTree Tree(Compilation c, string path) => c.SyntaxTrees.Single(t => t.FilePath == path);

    static CSharpCompilation Replace(CSharpCompilation c, string path, string oldText, string newText)
    {
        var tree = Tree(c, path);
        string text = tree.GetText().ToString();
        Assert.Contains(oldText, text);
        return c.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From(text.Replace(oldText, newText))));
    }

    static void AssertAll(IncrementalStepRunReason expected, IncrementalStepRunReason[] reasons)
    {
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.Equal(expected, r));
    }

    static string GeneratedText(GeneratorDriver driver, string hintName) =>
        Result(driver).GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    // --- edits inside member bodies: nothing past the snapshot runs

    [Fact]
    public void Editing_a_method_body_in_another_file_stops_at_the_declaration_snapshot()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "File1.cs", "=> 1", "=> 2"));
        AssertAll(IncrementalStepRunReason.Unchanged, Reasons(driver, TrackingNames.Declarations));
        AssertAll(IncrementalStepRunReason.Cached, Reasons(driver, TrackingNames.Specs));
        AssertAll(IncrementalStepRunReason.Cached, OutputReasons(driver));
    }

    [Fact]
    public void Editing_a_method_body_of_the_hypernet_class_stops_at_the_declaration_snapshot()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "File0.cs", "=> 1;", "=> 42;"));
        AssertAll(IncrementalStepRunReason.Unchanged, Reasons(driver, TrackingNames.Declarations));
        AssertAll(IncrementalStepRunReason.Cached, Reasons(driver, TrackingNames.Specs));
        AssertAll(IncrementalStepRunReason.Cached, OutputReasons(driver));
        Assert.Single(Result(driver).GeneratedSources);
    }

    [Fact]
    public void Body_edits_after_a_garbage_collection_keep_the_output()
    {
        // The snapshot holds its compilation weakly; a cached snapshot must never need it again.
        var (driver, compilation) = FirstRun();
        compilation = Replace(compilation, "File0.cs", "=> 1;", "=> 2;");
        driver = driver.RunGenerators(compilation);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        driver = driver.RunGenerators(Replace(compilation, "File0.cs", "=> 2;", "=> 3;"));
        AssertAll(IncrementalStepRunReason.Cached, OutputReasons(driver));
        Assert.Contains("Definition = new(\"Small\", 8,", GeneratedText(driver, "Demo.Small.Hypernet.g.cs"));

        // And a declaration edit after that parses the new compilation.
        driver = driver.RunGenerators(Replace(compilation, "File0.cs", "Embedding = 8", "Embedding = 12"));
        Assert.Contains("Definition = new(\"Small\", 12,", GeneratedText(driver, "Demo.Small.Hypernet.g.cs"));
    }

    // --- declaration edits: every class is parsed again, only changed specs are emitted again

    [Fact]
    public void Adding_an_unrelated_file_reparses_but_regenerates_nothing()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; class Added { }", GeneratorHarness.ParseOptions, path: "Added.cs")));
        AssertAll(IncrementalStepRunReason.Modified, Reasons(driver, TrackingNames.Declarations));
        AssertAll(IncrementalStepRunReason.Unchanged, Reasons(driver, TrackingNames.Specs));
        AssertAll(IncrementalStepRunReason.Cached, OutputReasons(driver));
    }

    [Fact]
    public void Adding_an_unrelated_member_to_the_hypernet_class_reparses_but_regenerates_nothing()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "File0.cs", "public int Unrelated() => 1;", "public int Unrelated() => 1;\n    public int More() => 2;"));
        AssertAll(IncrementalStepRunReason.Modified, Reasons(driver, TrackingNames.Declarations));
        AssertAll(IncrementalStepRunReason.Unchanged, Reasons(driver, TrackingNames.Specs));
        AssertAll(IncrementalStepRunReason.Cached, OutputReasons(driver));
    }

    [Fact]
    public void Changing_an_attribute_argument_modifies_the_spec_and_the_output()
    {
        var (driver, compilation) = FirstRun();
        driver = driver.RunGenerators(Replace(compilation, "File0.cs", "Embedding = 8", "Embedding = 16"));
        AssertAll(IncrementalStepRunReason.Modified, Reasons(driver, TrackingNames.Specs));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(driver));
        Assert.Contains("Definition = new(\"Small\", 16,", GeneratedText(driver, "Demo.Small.Hypernet.g.cs"));
    }

    [Fact]
    public void Changing_a_constant_in_another_file_that_an_attribute_uses_regenerates()
    {
        // The attribute's own file is untouched; its value comes from a const elsewhere.
        const string model = """
            using HyperGen;
            namespace Demo;
            [Hypernet(Embedding = Sizes.Embedding)] [Linear(4, 2)]
            public partial class Small { }
            """;
        var (driver, compilation) = FirstRun(model, "namespace Demo; static class Sizes { public const int Embedding = 8; }");
        driver = driver.RunGenerators(Replace(compilation, "File1.cs", "Embedding = 8", "Embedding = 24"));
        AssertAll(IncrementalStepRunReason.Modified, Reasons(driver, TrackingNames.Specs));
        Assert.Contains("Definition = new(\"Small\", 24,", GeneratedText(driver, "Demo.Small.Hypernet.g.cs"));
    }

    [Fact]
    public void Adding_a_clashing_member_leaves_only_the_surface_and_removing_it_brings_the_class_back()
    {
        var (driver, compilation) = FirstRun();
        var clashing = Replace(compilation, "File0.cs", "public int Unrelated() => 1;", "public int Unrelated() => 1;\n    public int Mainnet() => 0;");
        driver = driver.RunGenerators(clashing);
        // One mistake, one error: the class keeps its public surface (bodies that throw), minus the clashing member.
        string surface = GeneratedText(driver, "Demo.Small.Hypernet.g.cs");
        Assert.Contains("HypernetDefinition.HasErrors(\"Small\")", surface);
        Assert.DoesNotContain(" Mainnet(", surface);
        driver = driver.RunGenerators(Replace(clashing, "File0.cs", "\n    public int Mainnet() => 0;", ""));
        Assert.DoesNotContain("HasErrors", GeneratedText(driver, "Demo.Small.Hypernet.g.cs"));
    }

    [Fact]
    public void Giving_the_custom_mainnet_a_body_generates_the_class()
    {
        // Whether Mainnet has a body decides validity (HG0031): body presence is a declaration-level fact.
        const string model = """
            using HyperGen;
            using static TorchSharp.torch;
            namespace Demo;
            [Hypernet(Embedding = 8)] [GenerateTensor("W1", 4, 3)]
            public partial class Custom
            {
                public static partial Tensor Mainnet(Tensor x, Weights w);
            }
            """;
        var (driver, compilation) = FirstRun(model);
        Assert.Contains("HasErrors", GeneratedText(driver, "Demo.Custom.Hypernet.g.cs"));   // the surface only
        compilation = Replace(compilation, "File0.cs", "Weights w);", "Weights w) => x;");
        driver = driver.RunGenerators(compilation);
        Assert.DoesNotContain("HasErrors", GeneratedText(driver, "Demo.Custom.Hypernet.g.cs"));
        // Editing that body afterwards is a body edit again.
        driver = driver.RunGenerators(Replace(compilation, "File0.cs", "=> x;", "=> x * 2;"));
        AssertAll(IncrementalStepRunReason.Cached, OutputReasons(driver));
        Assert.Single(Result(driver).GeneratedSources);
    }

    // --- many classes

    const int Many = 27; // three of each of the workload's nine shapes

    static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRunOfWorkload()
    {
        var compilation = GeneratorWorkload.Compilation(Many);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        var result = Result(driver);
        Assert.Null(result.Exception);
        Assert.Equal(Many, result.GeneratedSources.Length);
        return (driver, compilation);
    }

    [Fact]
    public void Editing_one_of_many_hypernets_regenerates_only_that_one()
    {
        var (driver, compilation) = FirstRunOfWorkload();
        driver = driver.RunGenerators(Replace(compilation, GeneratorWorkload.HypernetFile, "[Hypernet(Embedding = 16)]", "[Hypernet(Embedding = 20)]"));
        var specs = Reasons(driver, TrackingNames.Specs);
        Assert.Equal(Many, specs.Length);
        Assert.Equal(1, specs.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(Many - 1, specs.Count(r => r == IncrementalStepRunReason.Unchanged));
        var outputs = OutputReasons(driver);
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(Many - 1, outputs.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Contains("Definition = new(\"Net0\", 20,", GeneratedText(driver, "Bench.Area0.Net0.Hypernet.g.cs"));
    }

    [Theory]
    [InlineData(GeneratorWorkload.PlainFile)]
    [InlineData(GeneratorWorkload.HypernetFile)]
    public void Method_body_edits_among_many_hypernets_parse_nothing(string file)
    {
        var (driver, compilation) = FirstRunOfWorkload();
        for (int version = 1; version <= 3; version++)
        {
            compilation = GeneratorWorkload.EditMethodBody(compilation, file, 1000 + version);
            driver = driver.RunGenerators(compilation);
            AssertAll(IncrementalStepRunReason.Unchanged, Reasons(driver, TrackingNames.Declarations));
            var specs = Reasons(driver, TrackingNames.Specs);
            Assert.Equal(Many, specs.Length);
            AssertAll(IncrementalStepRunReason.Cached, specs);
            AssertAll(IncrementalStepRunReason.Cached, OutputReasons(driver));
        }
    }

    [Fact]
    public void A_declaration_edit_among_many_hypernets_reparses_all_and_regenerates_none()
    {
        var (driver, compilation) = FirstRunOfWorkload();
        driver = driver.RunGenerators(GeneratorWorkload.EditDeclaration(compilation, 1));
        AssertAll(IncrementalStepRunReason.Modified, Reasons(driver, TrackingNames.Declarations));
        var specs = Reasons(driver, TrackingNames.Specs);
        Assert.Equal(Many, specs.Length);
        AssertAll(IncrementalStepRunReason.Unchanged, specs);
        AssertAll(IncrementalStepRunReason.Cached, OutputReasons(driver));
    }

    [Fact]
    public void Adding_a_new_hypernet_does_not_regenerate_the_others()
    {
        var (driver, compilation) = FirstRunOfWorkload();
        var added = CSharpSyntaxTree.ParseText("""
            using HyperGen;
            namespace Bench.Added;
            [Hypernet(Embedding = 8)] [Linear(3, 2)]
            public partial class Fresh { }
            """, GeneratorWorkload.ParseOptions, path: "ZAdded.cs");
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(added));
        var outputs = OutputReasons(driver);
        Assert.Equal(Many, outputs.Count(r => r == IncrementalStepRunReason.Cached));
        Assert.Equal(1, outputs.Count(r => r == IncrementalStepRunReason.New));
        Assert.Contains(Result(driver).GeneratedSources, s => s.HintName == "Bench.Added.Fresh.Hypernet.g.cs");
    }

    [Fact]
    public void The_workload_generates_code_that_compiles()
    {
        // The benchmark's input must be what it claims: N valid classes of varied shapes.
        var compilation = GeneratorWorkload.Compilation(Many);
        GeneratorHarness.Driver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, GeneratorHarness.Describe(errors));
        Assert.Equal(Many, output.SyntaxTrees.Count() - compilation.SyntaxTrees.Count());
    }

    [Fact]
    public void The_generated_code_does_not_depend_on_the_nullable_context()
    {
        // The generator reads attributes with the nullable walker off (a quarter of a cold run): the project's
        // nullable setting, or a file's own directive, must not change a single generated character.
        static string[] Generate(CSharpCompilation compilation) =>
            GeneratorHarness.Driver().RunGenerators(compilation).GetRunResult().Results.Single().GeneratedSources
                .Select(s => s.HintName + "\n" + s.SourceText).ToArray();
        var enabled = GeneratorWorkload.Compilation(Many);
        Assert.Equal(NullableContextOptions.Enable, enabled.Options.NullableContextOptions);
        var disabled = enabled.WithOptions(enabled.Options.WithNullableContextOptions(NullableContextOptions.Disable));
        var tree = Tree(disabled, GeneratorWorkload.HypernetFile);
        var directive = disabled.ReplaceSyntaxTree(tree, tree.WithChangedText(SourceText.From("#nullable enable\n" + tree.GetText())));
        var expected = Generate(enabled);
        Assert.Equal(Many, expected.Length);
        Assert.Equal(expected, Generate(disabled));
        Assert.Equal(expected, Generate(directive));
    }

    // --- finding the classes: the same matches ForAttributeWithMetadataName made

    [Fact]
    public void Aliased_and_qualified_attributes_are_found()
    {
        const string local = """
            using HN = HyperGen.HypernetAttribute;
            namespace Demo;
            [HN(Embedding = 4)] [HyperGen.Linear(2, 3)]
            public partial class ByAlias { }
            [global::HyperGen.Hypernet(Embedding = 4)] [HyperGen.Linear(2, 3)]
            public partial class Qualified { }
            """;
        const string global = "global using GlobalNet = HyperGen.HypernetAttribute;";
        const string usesGlobal = """
            namespace Demo;
            [GlobalNet(Embedding = 4)] [HyperGen.Linear(2, 3)]
            public partial class ByGlobalAlias { }
            """;
        var (files, diagnostics) = GeneratorHarness.Run(local, global, usesGlobal);
        Assert.Equal(new[] { "Demo.ByAlias.Hypernet.g.cs", "Demo.ByGlobalAlias.Hypernet.g.cs", "Demo.Qualified.Hypernet.g.cs" },
            files.Select(f => f.HintName).OrderBy(n => n, StringComparer.Ordinal));
        Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void A_namesake_attribute_from_another_namespace_is_ignored()
    {
        const string source = """
            namespace Other { public sealed class HypernetAttribute : System.Attribute { public int Embedding { get; set; } } }
            namespace Demo
            {
                [Other.Hypernet(Embedding = 4)] [HyperGen.Linear(2, 3)]
                public partial class NotOurs { }
            }
            """;
        var (files, _) = GeneratorHarness.Run(source);
        Assert.Empty(files);
    }
}
