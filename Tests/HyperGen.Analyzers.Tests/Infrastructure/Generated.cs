using System;
using System.Collections.Generic;
using System.Linq;
using HyperGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperGen.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs the real generator on test source, so analyzer tests see exactly what a build sees: the user's
/// partial class plus the generated half (head fields marked [HypernetHead], Targets constants, …).
/// </summary>
internal static class Generated
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp13);

    /// <summary>The generated files for <paramref name="sources"/>, as (file name ending in .Hypernet.g.cs, text).</summary>
    public static IReadOnlyList<(string Path, string Text)> For(params string[] sources)
    {
        var compilation = CSharpCompilation.Create("Generation",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(Markup.Strip(s), ParseOptions, path: $"Source{i}.cs")),
            TestEnvironment.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create([new HypernetGenerator().AsSourceGenerator()], parseOptions: ParseOptions)
            .RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
            throw new InvalidOperationException("The generator threw", result.Exception);
        return result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToList();
    }
}

/// <summary>Removes the testing framework's diagnostic markup so the generator sees plain C#.</summary>
internal static class Markup
{
    public static string Strip(string source)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(source, @"\{\|(#\d+|[A-Z]+\d+):", "");
        return text.Replace("|}", "").Replace("[|", "").Replace("|]", "");
    }
}
