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
/// <item>reruns: the IDE's loop — a method body edited, the kept driver run on the new compilation (the edit
/// itself is made outside the timing) — once in a file with no hypernet and once in a file with five
/// hypernets (no attribute touched);</item>
/// <item>a rerun after a declaration-level edit elsewhere (a method renamed in a file with no hypernet): the
/// case that still parses every class again, shown for completeness.</item>
/// </list>
/// Every invocation works on a compilation whose symbols nobody has bound yet, as after a real edit.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    /// <summary>Edits per timed iteration of a body-edit rerun (each edit then one driver run).</summary>
    public const int Edits = 20;
    /// <summary>Edits per timed iteration of the declaration-edit rerun (each parses every class again).</summary>
    public const int DeclarationEdits = 4;

    [Params(100, 500)]
    public int N;

    CSharpCompilation _compilation = null!;
    Compilation _withGenerated = null!;
    EditLoop _plainFile = null!, _modelFile = null!, _declaration = null!;

    public static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(
            [new HypernetGenerator().AsSourceGenerator()],
            parseOptions: GeneratorWorkload.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    [GlobalSetup]
    public void Setup()
    {
        _compilation = GeneratorWorkload.Compilation(N);
        var driver = NewDriver().RunGeneratorsAndUpdateCompilation(_compilation.Clone(), out _withGenerated, out _);
        foreach (var tree in _withGenerated.SyntaxTrees)
            tree.GetRoot(); // parsed once here, not in BuildCompile
        var result = driver.GetRunResult();
        if (result.GeneratedTrees.Length != N || result.Diagnostics.Length > 0)
            throw new InvalidOperationException($"The workload must generate {N} files without diagnostics; got {result.GeneratedTrees.Length} and {string.Join("; ", result.Diagnostics)}");
        _plainFile = new EditLoop(_compilation, (c, v) => GeneratorWorkload.EditMethodBody(c, GeneratorWorkload.PlainFile, v), Edits);
        _modelFile = new EditLoop(_compilation, (c, v) => GeneratorWorkload.EditMethodBody(c, GeneratorWorkload.HypernetFile, v), Edits);
        _declaration = new EditLoop(_compilation, GeneratorWorkload.EditDeclaration, DeclarationEdits);
    }

    [Benchmark(Baseline = true, Description = "plain compile: GetDiagnostics, no generator")]
    public int PlainCompile() => _compilation.Clone().GetDiagnostics().Length;

    /// <summary>
    /// The compile the generator rides on in a build: the input and the generated code, bound and written as IL (to
    /// nowhere), as csc does after parsing. The generated texts were parsed once in the setup, so parsing stays out here
    /// as it does in the plain compile.
    /// </summary>
    [Benchmark(Description = "the build's compile: input + generated code, with IL emit")]
    public int BuildCompile()
    {
        var result = _withGenerated.Clone().Emit(System.IO.Stream.Null);
        return result.Success ? 0 : throw new InvalidOperationException("The workload does not compile with its generated code: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Benchmark(Description = "cold generator run (new driver)")]
    public int Cold() => NewDriver().RunGenerators(_compilation.Clone()).GetRunResult().GeneratedTrees.Length;

    [IterationSetup(Target = nameof(RerunPlainFileEdit))]
    public void PreparePlainFileEdits() => _plainFile.Prepare();

    [Benchmark(OperationsPerInvoke = Edits, Description = "rerun after editing a method in a file without hypernets")]
    public void RerunPlainFileEdit() => _plainFile.Run();

    [IterationSetup(Target = nameof(RerunModelFileEdit))]
    public void PrepareModelFileEdits() => _modelFile.Prepare();

    [Benchmark(OperationsPerInvoke = Edits, Description = "rerun after editing a method in a file with hypernets")]
    public void RerunModelFileEdit() => _modelFile.Run();

    [IterationSetup(Target = nameof(RerunDeclarationEdit))]
    public void PrepareDeclarationEdits() => _declaration.Prepare();

    [Benchmark(OperationsPerInvoke = DeclarationEdits, Description = "rerun after renaming a method in a file without hypernets")]
    public void RerunDeclarationEdit() => _declaration.Run();

    /// <summary>
    /// The IDE's loop: a driver kept from run to run, and a stream of edited compilations. The edits (new text,
    /// incremental reparse, new compilation) are made before the timing; the timing covers the driver runs.
    /// </summary>
    public sealed class EditLoop(CSharpCompilation start, Func<CSharpCompilation, int, CSharpCompilation> edit, int perIteration)
    {
        GeneratorDriver _driver = NewDriver().RunGenerators(start);
        CSharpCompilation _last = start;
        readonly CSharpCompilation[] _next = new CSharpCompilation[perIteration];
        int _version;

        public int PerIteration => _next.Length;

        public void Prepare()
        {
            for (int i = 0; i < _next.Length; i++)
                _next[i] = _last = edit(_last, ++_version);
        }

        public void Run()
        {
            foreach (var compilation in _next)
                _driver = _driver.RunGenerators(compilation);
        }
    }
}
