using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using HyperGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperGen.Benchmarks;

/// <summary>
/// The generator as the IDE runs it (step tracking off), on <see cref="GeneratorWorkload"/> with N hypernet
/// classes, against the plain compile of the same input in the same run:
/// <list type="bullet">
/// <item>baseline: <c>GetDiagnostics()</c> of a fresh copy of the input compilation without the generator —
/// binding every declaration and method body, everything a build does before writing IL (the input is already
/// parsed, so this is the stricter baseline: parsing and IL emission are left out);</item>
/// <item>cold: a new driver's first run on a fresh copy of the same compilation;</item>
/// <item>reruns: the IDE's loop — edit a method body, make the new compilation, run the kept driver on it —
/// once in a file with no hypernet and once in a file with five hypernets (no attribute touched);</item>
/// <item>a rerun after a declaration-level edit elsewhere (a method renamed in a file with no hypernet): the
/// case that still parses every class again, shown for completeness.</item>
/// </list>
/// Every invocation works on a compilation whose symbols nobody has bound yet, as after a real edit.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    [Params(100, 500)]
    public int N;

    CSharpCompilation _compilation = null!, _plainEdited = null!, _modelEdited = null!, _declarationEdited = null!;
    GeneratorDriver _plainDriver = null!, _modelDriver = null!, _declarationDriver = null!;
    int _version;

    public static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(
            [new HypernetGenerator().AsSourceGenerator()],
            parseOptions: GeneratorWorkload.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    [GlobalSetup]
    public void Setup()
    {
        _compilation = GeneratorWorkload.Compilation(N);
        var result = NewDriver().RunGenerators(_compilation.Clone()).GetRunResult();
        if (result.GeneratedTrees.Length != N || result.Diagnostics.Length > 0)
            throw new InvalidOperationException($"The workload must generate {N} files without diagnostics; got {result.GeneratedTrees.Length} and {string.Join("; ", result.Diagnostics)}");
        _plainEdited = _modelEdited = _declarationEdited = _compilation;
        _plainDriver = NewDriver().RunGenerators(_plainEdited);
        _modelDriver = NewDriver().RunGenerators(_modelEdited);
        _declarationDriver = NewDriver().RunGenerators(_declarationEdited);
    }

    [Benchmark(Baseline = true, Description = "plain compile: GetDiagnostics, no generator")]
    public int PlainCompile() => _compilation.Clone().GetDiagnostics().Length;

    [Benchmark(Description = "cold generator run (new driver)")]
    public int Cold() => NewDriver().RunGenerators(_compilation.Clone()).GetRunResult().GeneratedTrees.Length;

    [Benchmark(Description = "rerun after editing a method in a file without hypernets")]
    public int RerunPlainFileEdit()
    {
        _plainEdited = GeneratorWorkload.EditMethodBody(_plainEdited, GeneratorWorkload.PlainFile, ++_version);
        _plainDriver = _plainDriver.RunGenerators(_plainEdited);
        return _version;
    }

    [Benchmark(Description = "rerun after editing a method in a file with hypernets")]
    public int RerunModelFileEdit()
    {
        _modelEdited = GeneratorWorkload.EditMethodBody(_modelEdited, GeneratorWorkload.HypernetFile, ++_version);
        _modelDriver = _modelDriver.RunGenerators(_modelEdited);
        return _version;
    }

    [Benchmark(Description = "rerun after renaming a method in a file without hypernets")]
    public int RerunDeclarationEdit()
    {
        _declarationEdited = GeneratorWorkload.EditDeclaration(_declarationEdited, ++_version);
        _declarationDriver = _declarationDriver.RunGenerators(_declarationEdited);
        return _version;
    }
}
