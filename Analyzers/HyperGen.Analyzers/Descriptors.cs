using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;

namespace HyperGen.Analyzers;

/// <summary>
/// Every HyperGen <see cref="DiagnosticDescriptor"/>, made by one factory that derives the category and the
/// help link from the ID (after xunit.analyzers). HG0003 onwards come from the parser's
/// <see cref="ProblemCatalog"/>, so a problem added there gets a descriptor (and needs a docs page) at once.
/// </summary>
public static class Descriptors
{
    /// <summary>
    /// Where the docs pages live: under <see cref="Repository.Url"/> (MSBuild's HyperGenRepositoryUrl, defined once in
    /// Directory.Build.props); a test checks that each descriptor's page exists under <c>docs/diagnostics/</c>.
    /// </summary>
    public const string HelpLinkBase = Repository.Url + "/blob/main/docs/diagnostics/";

    /// <summary>Category of HG0001 (and the retired HG0002): how hypernet heads are initialised.</summary>
    public const string InitializationCategory = "HyperGen.Initialization";
    /// <summary>Category of HG0003 onwards: how the attributes are used.</summary>
    public const string UsageCategory = "HyperGen.Usage";

    /// <summary>The help link of a diagnostic ID.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    static DiagnosticDescriptor Rule(string id, string title, string message, DiagnosticSeverity severity, string? description = null) =>
        new(id, title, message,
            category: string.CompareOrdinal(id, DiagnosticIds.NotPartial) < 0 ? InitializationCategory : UsageCategory,
            defaultSeverity: severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id));

    /// <summary>HG0001: classical (Xavier/Kaiming-style) init on a hypernet output head.</summary>
    public static DiagnosticDescriptor ClassicalInitOnHead { get; } = Rule(
        DiagnosticIds.ClassicalInitOnHead,
        "Classical init on a hypernet head",
        "{0} on {1} puts the generated weights off scale; use hyperfan init",
        DiagnosticSeverity.Warning,
        "Xavier or Kaiming applied to a hypernet's output head sets Var(H) from the head's own fans, so the mainnet " +
        "weights it generates land orders of magnitude away from c/d_j. Hyperfan init (HyperInit) sets it from the " +
        "generated tensor's fans and the embedding size (Chang, Flokas, Lipson, ICLR 2020).");

    static readonly ImmutableDictionary<ProblemKind, DiagnosticDescriptor> ByProblem =
        Enum.GetValues(typeof(ProblemKind)).Cast<ProblemKind>().Distinct().ToImmutableDictionary(k => k, k =>
        {
            var (title, message) = ProblemCatalog.Text(k);
            return Rule(ProblemCatalog.Id(k), title, message, Severity(k));
        });

    /// <summary>The descriptor of a parser problem (or of an analyzer rule listed in <see cref="ProblemKind"/>).</summary>
    internal static DiagnosticDescriptor For(ProblemKind kind) => ByProblem[kind];

    /// <summary>Errors, except where the mistake is harmless to the generated code.</summary>
    internal static DiagnosticSeverity Severity(ProblemKind kind) => kind switch
    {
        // The layer is ignored (nothing is generated without [Hypernet]); the head attributes only feed the analyzers.
        ProblemKind.LayerWithoutHypernet or ProblemKind.HeadAttributeOnNonLinear or ProblemKind.InvalidHeadAttribute
            or ProblemKind.HeadShapeMismatch => DiagnosticSeverity.Warning,
        _ => DiagnosticSeverity.Error,
    };

    /// <summary>The problems HypernetHeadAnalyzer and RuntimeReferenceAnalyzer report; every other kind is the parser's.</summary>
    internal static readonly ImmutableHashSet<ProblemKind> AnalyzerOwnedProblems = ImmutableHashSet.Create(
        ProblemKind.RuntimeNotReferenced, ProblemKind.HeadAttributeOnNonLinear, ProblemKind.InvalidHeadAttribute, ProblemKind.HeadShapeMismatch);

    /// <summary>The descriptors of every problem the parser reports.</summary>
    internal static ImmutableArray<DiagnosticDescriptor> ParserProblems { get; } =
        ByProblem.Where(p => !AnalyzerOwnedProblems.Contains(p.Key)).OrderBy(p => p.Key).Select(p => p.Value).ToImmutableArray();

    /// <summary>Every descriptor HyperGen's analyzers can report.</summary>
    public static IEnumerable<DiagnosticDescriptor> All =>
        new[] { ClassicalInitOnHead }.Concat(ByProblem.OrderBy(p => p.Key).Select(p => p.Value));
}
