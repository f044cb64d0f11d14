using System;
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
        var generator = new CaseGenerator(20261128);
        for (int i = 0; i < Cases; i++)
        {
            string source = generator.Next();
            var outcome = Check(source);
            switch (outcome)
            {
                case Outcome.Generated: generated++; break;
                case Outcome.Rejected: rejected++; break;
                default: noHypernet++; break;
            }
        }
        output.WriteLine($"{Cases} cases: {generated} generated code that compiles, {rejected} rejected with an HG diagnostic, {noHypernet} without a [Hypernet] class.");
        Assert.True(generated > Cases / 10, $"only {generated} valid cases: the fuzzer no longer exercises the emitter");
        Assert.True(rejected > Cases / 3, $"only {rejected} invalid cases");
    }

    enum Outcome { Generated, Rejected, NoHypernet }

    static Outcome Check(string source)
    {
        var compilation = CSharpCompilation.Create("Fuzz", [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Case.cs")], References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create([new HypernetGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var generatorDiagnostics);
        var run = driver.GetRunResult().Results.Single();

        string Fail(string why) => $"{why}\n--- case ---\n{source}\n--- diagnostics ---\n" +
                                   string.Join("\n", generatorDiagnostics.Concat(updated.GetDiagnostics()).Select(d => d.ToString()));
        Assert.True(run.Exception is null, Fail("The generator threw: " + run.Exception));
        Assert.DoesNotContain(generatorDiagnostics, d => d.Id == "CS8785");

        var withAnalyzers = updated.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var analyzerDiagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        var all = withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(!all.Any(d => d.Id == "AD0001"), Fail("An analyzer threw:\n" + string.Join("\n", all.Where(d => d.Id == "AD0001"))));

        var hg = analyzerDiagnostics.Where(d => d.Id.StartsWith("HG", StringComparison.Ordinal)).ToList();
        if (run.GeneratedSources.Length > 0)
        {
            var generatedTrees = updated.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToHashSet();
            var errors = updated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && generatedTrees.Contains(d.Location.SourceTree!)).ToList();
            Assert.True(errors.Count == 0, Fail("Generated code does not compile:\n" + string.Join("\n", errors)));
            // A class with problems gets only its public surface (bodies that throw), and then an HG error says why;
            // a full hypernet is emitted only for a class the analyzers accept.
            bool surface = run.GeneratedSources.Any(g => g.SourceText.ToString().Contains("HypernetDefinition.HasErrors(", StringComparison.Ordinal));
            bool rejectedByAnalyzers = hg.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id != "HG0001");
            Assert.True(surface == rejectedByAnalyzers, Fail(surface
                ? "The generator emitted a surface for a class the analyzers accept."
                : "The generator emitted code for a class the analyzers reject:\n" + string.Join("\n", hg)));
            return surface ? Outcome.Rejected : Outcome.Generated;
        }
        bool hasHypernet = source.Contains("[Hypernet", StringComparison.Ordinal);
        bool hasLayers = source.Contains("[Linear", StringComparison.Ordinal) || source.Contains("[Conv", StringComparison.Ordinal)
                         || source.Contains("Pool2d", StringComparison.Ordinal) || source.Contains("[Flatten", StringComparison.Ordinal)
                         || source.Contains("[GenerateTensor", StringComparison.Ordinal);
        if (!hasHypernet && !hasLayers)
            return Outcome.NoHypernet;
        // Attributes that do not even bind (a syntax error swallowed them) are the compiler's to report.
        bool compilerOwnsIt = updated.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error && d.Location.SourceTree?.FilePath == "Case.cs"
                                                               && (d.Id is "CS1001" or "CS1003" or "CS1026" or "CS1513" or "CS1514" or "CS1022" or "CS1519" or "CS0116"));
        Assert.True(hg.Count > 0 || compilerOwnsIt, Fail("No code and no HG diagnostic: the user is not told what is wrong."));
        return Outcome.Rejected;
    }
}
