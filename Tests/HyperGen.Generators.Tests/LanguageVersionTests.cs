using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using HyperGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HyperGen.Generators.Tests;

/// <summary>
/// The generated file is compiled with the user's LangVersion. From C# 10 it has a file-scoped namespace and a target-typed
/// new; on C# 8 and 9 a block namespace and explicit types (#nullable needs C# 8) — C# 9 at least for a custom forward, whose public static partial Mainnet the user writes too; an
/// older version gets HG0027 and no generated file, instead of compiler errors inside one (CS8773 on C# 9 before).
/// </summary>
public class LanguageVersionTests
{
    static CSharpParseOptions On(LanguageVersion version) => new(version, DocumentationMode.Diagnose);

    /// <summary>A baseline case with its file-scoped namespace (C# 10) written as a block.</summary>
    static string WithBlockNamespace(string source)
    {
        var match = Regex.Match(source, @"^namespace ([\w.]+);$", RegexOptions.Multiline);
        return match.Success ? source.Remove(match.Index, match.Length).Insert(match.Index, $"namespace {match.Groups[1].Value} {{") + "\n}\n" : source;
    }

    [Theory]
    [MemberData(nameof(BaselineTests.Names), MemberType = typeof(BaselineTests))]
    public void Every_form_compiles_warning_free_on_the_oldest_CSharp_it_supports(string name)
    {
        var version = name == "ResidualHypernet" ? LanguageVersion.CSharp9 : LanguageVersion.CSharp8;
        var (files, diagnostics) = GeneratorHarness.Run(On(version), WithBlockNamespace(BaselineTests.Cases[name]));
        Assert.Single(files);
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, $"C# {version.ToDisplayString()}:\n" + GeneratorHarness.Describe(problems));
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp9, "namespace Demo\n{")]
    [InlineData(LanguageVersion.CSharp10, "namespace Demo;\n")]
    public void From_CSharp10_the_namespace_is_file_scoped_and_the_definition_target_typed(LanguageVersion version, string ns)
    {
        var (files, diagnostics) = GeneratorHarness.Run(On(version), WithBlockNamespace(BaselineTests.Cases["MnistHypernet"]));
        string text = Assert.Single(files).Text;
        Assert.Contains(ns, text);
        Assert.Equal(version >= LanguageVersion.CSharp10, text.Contains("Definition = new(\"MnistHypernet\""));
        Assert.DoesNotContain(diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
    }

    [Theory]
    [InlineData("MnistHypernet", LanguageVersion.CSharp7_3, "'MnistHypernet' needs C# 8.0 or later for its generated code (it uses #nullable), and the project compiles C# 7.3")]
    [InlineData("ResidualHypernet", LanguageVersion.CSharp8, "'ResidualHypernet' needs C# 9.0 or later for its generated code (its Mainnet is a public static partial method), and the project compiles C# 8.0")]
    public void An_older_version_gets_HG0027_and_no_generated_file(string name, LanguageVersion version, string message)
    {
        string source = WithBlockNamespace(BaselineTests.Cases[name]);
        var (files, diagnostics) = GeneratorHarness.Run(On(version), source);
        Assert.Empty(files);
        Assert.DoesNotContain(diagnostics, d => d.Location.SourceTree?.FilePath.EndsWith(".g.cs") == true);
        var compilation = GeneratorHarness.Compilation(On(version), source);
        var type = compilation.GetSymbolsWithName(name, SymbolFilter.Type).OfType<INamedTypeSymbol>().Single();
        var problem = Assert.Single(HypernetSpecParser.Parse(type, compilation, CancellationToken.None).Problems);
        Assert.Equal("HG0027: " + message + "; set <LangVersion> to " + (version == LanguageVersion.CSharp8 ? "9.0" : "8.0") + " or later", problem.ToString());
    }
}
