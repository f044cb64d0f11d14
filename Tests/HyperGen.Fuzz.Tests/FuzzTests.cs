using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using HyperGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace HyperGen.Fuzz.Tests;

/// <summary>
/// For every generated case: the generator never throws (no CS8785, no AD0001 from the analyzers); when the
/// generator emits code, that code compiles; when it emits nothing for a [Hypernet] class, at least one HG
/// diagnostic says why.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    const int Cases = 1000;

    static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp13);

    static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(HyperGen.HypernetAttribute).Assembly.Location))
        .ToImmutableArray();

    static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(HyperGen.Analyzers.DiagnosticIds).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    [Fact]
    public void Malformed_and_extreme_usages_never_break_the_build_tools()
    {
        Assert.NotEmpty(Analyzers);
        int generated = 0, rejected = 0, noHypernet = 0;
        var failures = new List<string>();
        var generator = new CaseGenerator(20261128);
        for (int i = 0; i < Cases; i++)
        {
            string source = generator.Next();
            var (outcome, failure) = Check(source);
            if (failure is not null)
                failures.Add($"case {i}: {failure}");
            switch (outcome)
            {
                case Outcome.Generated: generated++; break;
                case Outcome.Rejected: rejected++; break;
                default: noHypernet++; break;
            }
        }
        output.WriteLine($"{Cases} cases: {generated} generated code that compiles, {rejected} rejected with an HG diagnostic, {noHypernet} without a [Hypernet] class.");
        foreach (var kind in failures.GroupBy(f => Reason(f)).OrderByDescending(g => g.Count()))
            output.WriteLine($"{kind.Count(),4} × {kind.Key}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {Cases} cases failed; the first:\n\n" + string.Join("\n\n", failures.Take(3)));
        Assert.True(generated > Cases / 10, $"only {generated} valid cases: the fuzzer no longer exercises the emitter");
        Assert.True(rejected > Cases / 3, $"only {rejected} invalid cases");
    }

    enum Outcome { Generated, Rejected, NoHypernet }

    /// <summary>A failure's kind, for the summary: its first line without the case's own names.</summary>
    static string Reason(string failure)
    {
        string line = failure.Substring(failure.IndexOf(':') + 2).Split('\n')[0];
        return System.Text.RegularExpressions.Regex.Replace(line, "'[^']*'", "'…'");
    }

    /// <summary>
    /// One case: the generator must not throw; the analyzers must not throw; and the case must compile, or an HG
    /// error must say why not. A compiler error counts against HyperGen when the generated code brought it: it is in a
    /// generated file, or it is not there when the same source is compiled without the generator.
    /// </summary>
    static (Outcome Outcome, string? Failure) Check(string source)
    {
        var parseOptions = ParseOptions.WithLanguageVersion(FuzzLanguage.Of(source));
        var tree = CSharpSyntaxTree.ParseText(source, parseOptions, path: "Case.cs");
        var nullable = parseOptions.LanguageVersion >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable;
        var compilation = CSharpCompilation.Create("Fuzz", [tree], References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new HypernetGenerator().AsSourceGenerator()], parseOptions: parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var generatorDiagnostics);
        var run = driver.GetRunResult().Results.Single();

        string Fail(string why, IEnumerable<Diagnostic>? diagnostics = null) => $"{why}\n--- case ---\n{source}\n--- diagnostics ---\n" +
            string.Join("\n", (diagnostics ?? generatorDiagnostics.Concat(updated.GetDiagnostics())).Select(d => d.ToString()));
        if (run.Exception is not null || generatorDiagnostics.Any(d => d.Id == "CS8785"))
            return (Outcome.Rejected, Fail("The generator threw: " + run.Exception));

        var withAnalyzers = updated.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var all = withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        if (all.Any(d => d.Id == "AD0001"))
            return (Outcome.Rejected, Fail("An analyzer threw", all.Where(d => d.Id == "AD0001")));

        bool hgError = all.Any(d => d.Id.StartsWith("HG", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
        var errors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("HG", StringComparison.Ordinal)).ToList();
        if (run.GeneratedSources.Length > 0)
        {
            // Generated files always compile, the surface of a class with problems too (one mistake, one error).
            if (errors.Any(d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true))
                return (Outcome.Rejected, Fail("Generated code does not compile", all));
            // A class with problems gets only its public surface (bodies that throw), and then an HG error says why; a
            // full hypernet is emitted only for a class the analyzers accept (checked both ways when the case has one class).
            bool surface = run.GeneratedSources.Any(g => g.SourceText.ToString().Contains("HypernetDefinition.HasErrors(", StringComparison.Ordinal));
            if (surface && !hgError)
                return (Outcome.Rejected, Fail("The generator emitted a surface for a class the analyzers accept.", all));
            bool oneClass = source.Split("[Hypernet").Length == 2 && run.GeneratedSources.Length == 1;
            if (oneClass && !surface && hgError)
                return (Outcome.Rejected, Fail("The generator emitted code for a class the analyzers reject.", all));
        }
        bool hasHypernet = source.Contains("[Hypernet", StringComparison.Ordinal);
        if (!hgError && errors.Count > 0)
        {
            // Errors the source has without any generated code are the user's (syntax errors, wrong argument types…).
            var own = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => (d.Id, d.Location.SourceSpan)).ToHashSet();
            var ours = errors.Where(d => d.Location.SourceTree != tree || !own.Contains((d.Id, d.Location.SourceSpan))).ToList();
            if (ours.Count > 0)
                return (Outcome.Rejected, Fail("The generated code brought compiler errors that no HG diagnostic explains", all));
            // A class whose attributes the compiler could not even bind (a syntax error swallowed them) is the compiler's to report.
            return (hasHypernet ? Outcome.Rejected : Outcome.NoHypernet, null);
        }
        if (run.GeneratedSources.Length > 0 && !hgError)
            return (Outcome.Generated, null);
        bool hasLayers = source.Contains("[Linear", StringComparison.Ordinal) || source.Contains("[Conv", StringComparison.Ordinal)
                         || source.Contains("Pool2d", StringComparison.Ordinal) || source.Contains("[Flatten", StringComparison.Ordinal)
                         || source.Contains("[GenerateTensor", StringComparison.Ordinal);
        if (!hasHypernet && !hasLayers)
            return (Outcome.NoHypernet, null);
        if (!hgError && !all.Any(d => d.Id.StartsWith("HG", StringComparison.Ordinal)))
            return (Outcome.Rejected, Fail("No code and no HG diagnostic: the user is not told what is wrong.", all));
        return (Outcome.Rejected, null);
    }
}
