using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using HyperGen.Analyzers.Tests.Infrastructure;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace HyperGen.Analyzers.Tests.Meta;

/// <summary>Every descriptor has a help link to an existing docs page, the IDs are pinned, and the release tracking files are exact.</summary>
public class DescriptorTests
{
    static readonly string Docs = Path.Combine(TestEnvironment.RepositoryRoot, "docs", "diagnostics");

    public static IEnumerable<object[]> SupportedDescriptors() =>
        HyperGenAnalyzers.All().SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).Select(g => new object[] { g.Key });

    static DiagnosticDescriptor Descriptor(string id) => HyperGenAnalyzers.All().SelectMany(a => a.SupportedDiagnostics).First(d => d.Id == id);

    [Theory]
    [MemberData(nameof(SupportedDescriptors))]
    public void Every_descriptor_links_to_its_existing_docs_page(string id)
    {
        var d = Descriptor(id);
        Assert.Equal(Descriptors.HelpLinkBase + id + ".md", d.HelpLinkUri);
        string page = Path.Combine(Docs, id + ".md");
        Assert.True(File.Exists(page), $"{id} links to {d.HelpLinkUri}, but {page} does not exist");
        string text = File.ReadAllText(page);
        Assert.StartsWith("# " + id, text);
        Assert.Contains("```csharp", text); // a bad and a fixed example
        Assert.True(Regex.Matches(text, "```csharp").Count >= 2, $"{page} needs a bad and a fixed example");
        Assert.Contains(id, File.ReadAllText(Path.Combine(Docs, "README.md")));
    }

    [Theory]
    [MemberData(nameof(SupportedDescriptors))]
    public void Category_and_severity_follow_the_id(string id)
    {
        var d = Descriptor(id);
        Assert.Equal(string.CompareOrdinal(id, "HG0003") < 0 ? Descriptors.InitializationCategory : Descriptors.UsageCategory, d.Category);
        Assert.True(d.IsEnabledByDefault);
        Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString()));
    }

    [Fact]
    public void The_repository_url_is_defined_once_and_used_by_the_help_links_and_the_package()
    {
        string root = TestEnvironment.RepositoryRoot;
        Assert.StartsWith("https://", Repository.Url);
        Assert.StartsWith(Repository.Url + "/", Descriptors.HelpLinkBase);
        Assert.Contains($">{Repository.Url}</HyperGenRepositoryUrl>", File.ReadAllText(Path.Combine(root, "Directory.Build.props")));
        string package = File.ReadAllText(Path.Combine(root, "Runtime", "HyperGen", "HyperGen.csproj"));
        Assert.Contains("<PackageProjectUrl>$(HyperGenRepositoryUrl)</PackageProjectUrl>", package);
        Assert.Contains("<RepositoryUrl>$(HyperGenRepositoryUrl)</RepositoryUrl>", package);
        // Nowhere else: no second copy to forget when the repository moves.
        var copies = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Regex.IsMatch(f, @"[\\/](bin|obj|\.git)[\\/]") && Regex.IsMatch(f, @"\.(cs|csproj|props|targets|md|json)$"))
            .Where(f => !f.EndsWith("Directory.Build.props", StringComparison.Ordinal) && File.ReadAllText(f).Contains(Repository.Url, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f)).ToList();
        Assert.Empty(copies);
    }

    [Fact]
    public void Every_problem_kind_is_reported_by_exactly_one_analyzer()
    {
        var supported = HyperGenAnalyzers.All().SelectMany(a => a.SupportedDiagnostics.Select(d => (d.Id, Analyzer: a.GetType().Name))).ToList();
        foreach (ProblemKind kind in Enum.GetValues(typeof(ProblemKind)))
            Assert.Single(supported, s => s.Id == ProblemCatalog.Id(kind));
        Assert.Single(supported, s => s.Id == DiagnosticIds.ClassicalInitOnHead);
    }

    [Fact]
    public void Retired_ids_are_reported_by_no_analyzer_and_keep_a_page_that_says_so()
    {
        var supported = HyperGenAnalyzers.All().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        var constants = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        Assert.NotEmpty(DiagnosticIds.Retired);
        foreach (var id in DiagnosticIds.Retired)
        {
            Assert.DoesNotContain(id, supported);
            Assert.DoesNotContain(id, constants);
            Assert.DoesNotContain(Enum.GetValues(typeof(ProblemKind)).Cast<ProblemKind>(), k => ProblemCatalog.Id(k) == id);
            string text = File.ReadAllText(Path.Combine(Docs, id + ".md"));
            Assert.StartsWith("# " + id, text);
            Assert.Contains("Retired", text);
            Assert.Contains(id, File.ReadAllText(Path.Combine(Docs, "README.md")));
        }
    }

    [Fact]
    public void Id_constants_match_the_problem_kinds()
    {
        var constants = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        foreach (ProblemKind kind in Enum.GetValues(typeof(ProblemKind)))
            if (constants.TryGetValue(kind.ToString(), out var id))
                Assert.Equal(ProblemCatalog.Id(kind), id);
        Assert.Equal(constants.Count, constants.Values.Distinct().Count());
    }

    [Fact]
    public void The_build_task_ids_have_docs_pages()
    {
        string task = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "Runtime", "HyperGen", "buildTransitive", "PatchLibTorchSharp.cs"));
        var ids = Regex.Matches(task, "\"(HG9\\d{3})\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains(DiagnosticIds.NativePatchRefused, ids);
        Assert.Contains(DiagnosticIds.NativePatchBadMode, ids);
        foreach (var id in ids)
            Assert.True(File.Exists(Path.Combine(Docs, id + ".md")), $"docs page for the build task's {id} is missing");
    }

    [Fact]
    public void Release_tracking_lists_exactly_the_supported_rules()
    {
        string dir = Path.Combine(TestEnvironment.RepositoryRoot, "Analyzers", "HyperGen.Analyzers");
        var rows = File.ReadAllLines(Path.Combine(dir, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(dir, "AnalyzerReleases.Unshipped.md")))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length >= 3 && Regex.IsMatch(c[0], "^HG\\d{4}$"))
            .ToDictionary(c => c[0], c => (Category: c[1], Severity: c[2]));
        var descriptors = HyperGenAnalyzers.All().SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).Select(g => g.First()).ToList();
        Assert.Equal(descriptors.Select(d => d.Id).OrderBy(x => x), rows.Keys.OrderBy(x => x));
        foreach (var d in descriptors)
        {
            Assert.Equal(d.Category, rows[d.Id].Category);
            Assert.Equal(d.DefaultSeverity.ToString(), rows[d.Id].Severity);
        }
    }

    [Fact]
    public void Every_code_fix_has_FixAll_and_fixes_known_ids()
    {
        var fixers = typeof(HyperGen.CodeFixes.EquivalenceKeys).Assembly.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToList();
        Assert.NotEmpty(fixers);
        var ids = HyperGenAnalyzers.All().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        foreach (var fixer in fixers)
        {
            Assert.NotNull(fixer.GetFixAllProvider());
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, ids));
        }
    }
}
