using System;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using HyperGen.Generators.Emit;
using HyperGen.Generators.Incremental;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperGen.Benchmarks;

/// <summary>
/// Where a cold generator run's time goes, phase by phase, on the same <see cref="GeneratorWorkload"/> and
/// against the same plain-compile baseline as <see cref="GeneratorBenchmarks"/>:
/// <list type="bullet">
/// <item>Roslyn's floor: find the attributed classes and bind their attributes as the generator does, with the nullable
/// walker off (no HyperGen parsing at all) —
/// the part of the parse phase no generator reading attribute values can avoid;</item>
/// <item>find + bind + parse into specs (the generator's whole semantic phase);</item>
/// <item>emit the N source texts from the specs;</item>
/// <item>parse the generated texts: Roslyn's driver parses generated files lazily, so this is not inside
/// the cold run but is what the compiler or IDE pays next.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class GeneratorPhaseBenchmarks
{
    [Params(100, 500)]
    public int N;

    CSharpCompilation _compilation = null!;
    ImmutableArray<HypernetSpec> _specs;
    string[] _texts = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = GeneratorWorkload.Compilation(N);
        _specs = HypernetDiscovery.ParseAll(new DeclarationSnapshot(_compilation), default);
        if (_specs.Length != N)
            throw new InvalidOperationException($"Expected {N} specs, got {_specs.Length}");
        _texts = _specs.Select(s => HypernetEmitter.Emit(s, "0.1.0")).ToArray();
    }

    [Benchmark(Baseline = true, Description = "plain compile: GetDiagnostics, no generator")]
    public int PlainCompile() => _compilation.Clone().GetDiagnostics().Length;

    [Benchmark(Description = "cold generator run (new driver)")]
    public int Cold() => GeneratorBenchmarks.NewDriver().RunGenerators(_compilation.Clone()).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "floor: find attributed classes, bind their attributes")]
    public int BindAttributes()
    {
        // As the generator binds them: with the nullable walker off (HypernetDiscovery.WithoutNullableAnalysis).
        var compilation = HypernetDiscovery.WithoutNullableAnalysis(_compilation.Clone());
        int count = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var cls in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                         .OfType<ClassDeclarationSyntax>().Where(c => c.AttributeLists.Count > 0))
                count += model.GetDeclaredSymbol(cls)!.GetAttributes().Length;
        }
        return count;
    }

    [Benchmark(Description = "find + bind + parse into specs")]
    public int ParseSpecs() => HypernetDiscovery.ParseAll(new DeclarationSnapshot(_compilation.Clone()), default).Length;

    [Benchmark(Description = "emit the generated texts from specs")]
    public int EmitTexts()
    {
        int length = 0;
        foreach (var spec in _specs)
            length += HypernetEmitter.Emit(spec, "0.1.0").Length;
        return length;
    }

    [Benchmark(Description = "parse the generated texts (the compiler's next step)")]
    public int ParseGenerated()
    {
        int nodes = 0;
        foreach (var text in _texts)
            nodes += CSharpSyntaxTree.ParseText(text, GeneratorWorkload.ParseOptions).GetRoot().FullSpan.Length;
        return nodes;
    }
}
