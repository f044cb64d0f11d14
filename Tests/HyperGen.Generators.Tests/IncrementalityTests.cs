using System.Linq;
using HyperGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HyperGen.Generators.Tests;

/// <summary>
/// Mapperly-style: run the driver, edit the compilation, run again, and check what each named step did.
/// Unrelated edits must leave the spec and the output cached; an attribute edit must change them.
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

    static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun()
    {
        var compilation = GeneratorHarness.Compilation(Model, Other);
        var driver = GeneratorHarness.Driver().RunGenerators(compilation);
        return (driver, compilation);
    }

    static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step) =>
        driver.GetRunResult().Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    static IncrementalStepRunReason[] OutputReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    static SyntaxTree Tree(CSharpCompilation c, string path) => c.SyntaxTrees.Single(t => t.FilePath == path);

    [Fact]
    public void Adding_an_unrelated_file_keeps_everything_cached()
    {
        var (driver, compilation) = FirstRun();
        var next = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace Demo; class Added { }", GeneratorHarness.ParseOptions, path: "Added.cs"));
        driver = driver.RunGenerators(next);
        Assert.All(Reasons(driver, TrackingNames.ValidSpecs), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(OutputReasons(driver), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Editing_an_unrelated_member_in_another_file_keeps_everything_cached()
    {
        var (driver, compilation) = FirstRun();
        var old = Tree(compilation, "File1.cs");
        var next = compilation.ReplaceSyntaxTree(old, old.WithChangedText(old.GetText().Replace(old.GetText().ToString().IndexOf("=> 1", System.StringComparison.Ordinal), 4, "=> 2")));
        driver = driver.RunGenerators(next);
        // The compilation changed, so the transform may run again, but it must yield an equal spec.
        Assert.All(Reasons(driver, TrackingNames.Specs), r => Assert.Contains(r, new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }));
        Assert.All(Reasons(driver, TrackingNames.ValidSpecs), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(OutputReasons(driver), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Editing_an_unrelated_member_of_the_hypernet_class_reparses_but_changes_nothing()
    {
        var (driver, compilation) = FirstRun();
        var old = Tree(compilation, "File0.cs");
        string text = old.GetText().ToString();
        var next = compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace("=> 1;", "=> 42;"))));
        driver = driver.RunGenerators(next);
        // The transform runs again (its file changed) but yields an equal spec: the output is not regenerated.
        Assert.All(Reasons(driver, TrackingNames.Specs), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(OutputReasons(driver), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Changing_an_attribute_argument_modifies_the_spec_and_the_output()
    {
        var (driver, compilation) = FirstRun();
        var old = Tree(compilation, "File0.cs");
        string text = old.GetText().ToString();
        var next = compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text.Replace("Embedding = 8", "Embedding = 16"))));
        driver = driver.RunGenerators(next);
        Assert.All(Reasons(driver, TrackingNames.Specs), r => Assert.Equal(IncrementalStepRunReason.Modified, r));
        Assert.Contains(IncrementalStepRunReason.Modified, OutputReasons(driver));
        var source = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("Definition = new(nameof(Small), 16,", source);
    }

    [Fact]
    public void Adding_a_second_hypernet_does_not_regenerate_the_first()
    {
        var (driver, compilation) = FirstRun();
        var first = driver.GetRunResult().Results.Single().GeneratedSources.Single();
        var next = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("""
            using HyperGen;
            namespace Demo;
            [Hypernet(Embedding = 4, Conditions = 3)]
            [Linear(2, 5)]
            public partial class Second { }
            """, GeneratorHarness.ParseOptions, path: "Second.cs"));
        driver = driver.RunGenerators(next);
        var result = driver.GetRunResult().Results.Single();

        // Per class: the first spec is reused as it was, the new one is new; the first file is not written again.
        var specs = result.TrackedSteps[TrackingNames.ValidSpecs].SelectMany(s => s.Outputs)
            .Select(o => (Name: ((HyperGen.Generators.Spec.HypernetSpec)o.Value).TypeName, o.Reason)).ToList();
        Assert.Contains(("Small", IncrementalStepRunReason.Cached), specs);
        Assert.Contains(("Second", IncrementalStepRunReason.New), specs);
        Assert.Equal(2, specs.Count);
        var outputs = OutputReasons(driver);
        Assert.Equal(new[] { IncrementalStepRunReason.New, IncrementalStepRunReason.Cached }, outputs.OrderBy(r => r).ToArray());
        Assert.Same(first.SourceText, result.GeneratedSources.Single(s => s.HintName == first.HintName).SourceText);
        Assert.Equal(2, result.GeneratedSources.Length);
    }
}
