using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace HyperGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// The Roslyn testing harness set up offline: no reference-assembly package (so nothing is downloaded),
/// Basic.Reference.Assemblies.Net80 + TorchSharp + HyperGen as references, C# 13, nullable enabled, and
/// optionally the generator's real output added to the test and fixed states.
/// </summary>
internal sealed class HyperGenTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public HyperGenTest(ImmutableArray<MetadataReference>? references = null)
    {
        ReferenceAssemblies = new ReferenceAssemblies("net8.0");
        TestState.AdditionalReferences.AddRange(references ?? TestEnvironment.References);
        SolutionTransforms.Add((solution, projectId) =>
        {
            var project = solution.GetProject(projectId)!;
            var options = ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable);
            return solution.WithProjectCompilationOptions(projectId, options)
                           .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp13));
        });
    }

    /// <summary>Adds the generator's output for the test code to the test state (and the fixed state, when there is fixed code).</summary>
    public HyperGenTest<TAnalyzer, TCodeFix> WithGeneratedCode()
    {
        var sources = TestState.Sources.Select(s => s.content.ToString()).ToArray();
        bool hasFixedState = FixedState.Sources.Count > 0;
        foreach (var (path, text) in Generated.For(sources))
        {
            TestState.Sources.Add((path, text));
            if (hasFixedState)
                FixedState.Sources.Add((path, text));
        }
        return this;
    }

    /// <summary>All HyperGen analyzers, not only <typeparamref name="TAnalyzer"/> (for "nothing is reported" tests).</summary>
    public bool AllAnalyzers { get; set; }

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() =>
        AllAnalyzers ? HyperGenAnalyzers.All() : base.GetDiagnosticAnalyzers();
}

/// <summary>Short helpers in the style of the Roslyn SDK's verifiers.</summary>
internal static class Verify<TAnalyzer> where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => new TAnalyzer().SupportedDiagnostics.Single(d => d.Id == id) is var d ? new DiagnosticResult(d) : default;

    /// <summary><paramref name="id"/> at markup location <c>{|#n:…|}</c> number <paramref name="location"/>, with its message arguments.</summary>
    public static DiagnosticResult Diagnostic(string id, int location, params object[] args) => Diagnostic(id).WithLocation(location).WithArguments(args);

    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) => AnalyzerAsync(source, generated: false, expected);

    public static async Task AnalyzerAsync(string source, bool generated, params DiagnosticResult[] expected)
    {
        var test = new HyperGenTest<TAnalyzer, EmptyCodeFixProvider> { TestCode = source };
        if (generated)
            test.WithGeneratedCode();
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }

    public static async Task FixAsync<TFix>(string source, string fixedSource, string equivalenceKey, bool generated, params DiagnosticResult[] expected)
        where TFix : CodeFixProvider, new()
    {
        var test = new HyperGenTest<TAnalyzer, TFix> { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        if (generated)
            test.WithGeneratedCode();
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync(CancellationToken.None);
    }
}

/// <summary>Every analyzer the HyperGen analyzer assembly exports.</summary>
internal static class HyperGenAnalyzers
{
    public static IEnumerable<DiagnosticAnalyzer> All() =>
        typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
            .ToList();
}
