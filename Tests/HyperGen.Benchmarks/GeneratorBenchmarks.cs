using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using HyperGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperGen.Benchmarks;

/// <summary>
/// The generator's cost in a compilation with 20 hypernet classes (Mapperly style): a first run and a rerun
/// after an unrelated edit, against binding the same compilation with no generator (baseline).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    CSharpCompilation _compilation = null!, _edited = null!;
    GeneratorDriver _warm = null!;
    static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp13);

    [GlobalSetup]
    public void Setup()
    {
        var references = Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(HyperGen.HypernetAttribute).Assembly.Location));
        var trees = Enumerable.Range(0, 20).Select(i => CSharpSyntaxTree.ParseText($$"""
            using HyperGen;
            namespace Bench;
            [Hypernet(Embedding = {{16 + i}}, Hidden = new[] { 32 }, Input = new[] { 1, 28, 28 })]
            [Conv2d(1, 8, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
            [Flatten] [Linear(8 * 14 * 14, {{10 + i}}, Activation = Activation.ReLU)] [Linear({{10 + i}}, 10)]
            public partial class Net{{i}} { public int Unrelated() => {{i}}; }
            """, Parse, path: $"Net{i}.cs")).Append(CSharpSyntaxTree.ParseText("namespace Bench; class Other { int X => 1; }", Parse, path: "Other.cs"));
        _compilation = CSharpCompilation.Create("Bench", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var other = _compilation.SyntaxTrees.Single(t => t.FilePath == "Other.cs");
        _edited = _compilation.ReplaceSyntaxTree(other, other.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace Bench; class Other { int X => 2; }")));
        _warm = CSharpGeneratorDriver.Create([new HypernetGenerator().AsSourceGenerator()], parseOptions: Parse).RunGenerators(_compilation);
    }

    [Benchmark(Baseline = true, Description = "bind the compilation, no generator")]
    public int BindOnly() => _compilation.Clone().GetDeclarationDiagnostics().Length;

    [Benchmark(Description = "first generator run (20 classes)")]
    public int FirstRun()
    {
        var driver = CSharpGeneratorDriver.Create([new HypernetGenerator().AsSourceGenerator()], parseOptions: Parse);
        return driver.RunGenerators(_compilation.Clone()).GetRunResult().GeneratedTrees.Length;
    }

    [Benchmark(Description = "rerun after an unrelated edit")]
    public int IncrementalRun() => _warm.RunGenerators(_edited).GetRunResult().GeneratedTrees.Length;
}
