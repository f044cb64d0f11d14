using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using HyperGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperGen.Generators.Tests;

/// <summary>Runs the generator in-process on source text, with offline reference assemblies.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.CSharp13, DocumentationMode.Diagnose);

    static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(HyperGen.HypernetAttribute).Assembly.Location))
        .ToImmutableArray();

    public static CSharpCompilation Compilation(params string[] sources) => Compilation(ParseOptions, sources);

    /// <summary>A project on <paramref name="options"/>' language version (nullable on from C# 8, as the SDK allows).</summary>
    public static CSharpCompilation Compilation(CSharpParseOptions options, params string[] sources) =>
        CSharpCompilation.Create("UserProject",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, options, path: $"File{i}.cs")),
            References,
            // Every warning wave, as recent SDKs enable them for recent target frameworks (CS8981 and later).
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, warningLevel: 9999,
                nullableContextOptions: options.LanguageVersion >= LanguageVersion.CSharp8 ? NullableContextOptions.Enable : NullableContextOptions.Disable));

    public static GeneratorDriver Driver() => Driver(ParseOptions);

    public static GeneratorDriver Driver(CSharpParseOptions options) =>
        CSharpGeneratorDriver.Create(
            [new HypernetGenerator().AsSourceGenerator()],
            parseOptions: options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Generates for <paramref name="sources"/> and returns the generated files and every diagnostic of the updated compilation.</summary>
    public static (IReadOnlyList<(string HintName, string Text)> Files, IReadOnlyList<Diagnostic> Diagnostics) Run(params string[] sources) =>
        Run(ParseOptions, sources);

    /// <summary><see cref="Run(string[])"/> in a project that compiles <paramref name="options"/>' C# version.</summary>
    public static (IReadOnlyList<(string HintName, string Text)> Files, IReadOnlyList<Diagnostic> Diagnostics) Run(CSharpParseOptions options, params string[] sources)
    {
        var compilation = Compilation(options, sources);
        var driver = Driver(options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
            throw new InvalidOperationException("The generator threw", result.Exception);
        var files = result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();
        var diagnostics = generatorDiagnostics.Concat(output.GetDiagnostics()).ToList();
        return (files, diagnostics);
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
}
