using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HyperGen.Generators.Parsing;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HyperGen.Analyzers.Attributes;

/// <summary>
/// HG0003–HG0019 (and any problem the parser learns later): runs the generator's own spec parser on every
/// type that carries <c>[Hypernet]</c> or a layer attribute and reports each problem at the parser's
/// location — the offending argument or array element, not the whole class. The generator emits nothing
/// for such a class; this is where the user learns why.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HypernetAttributeAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.ParserProblems;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            // Without the runtime there are no HyperGen attributes to read (HG0020 explains that case). A runtime referenced
            // under an extern alias only has them, out of the generated code's reach: the parser reports HG0028.
            if (start.Compilation.GetTypeByMetadataName(AttributeNames.Hypernet) is null && !HasAliasedRuntime(start.Compilation))
                return;
            start.RegisterSymbolAction(Analyze, SymbolKind.NamedType);
        });
    }

    static bool HasAliasedRuntime(Compilation compilation) =>
        compilation.References.Any(r => !r.Properties.Aliases.IsDefaultOrEmpty
            && compilation.GetAssemblyOrModuleSymbol(r) is IAssemblySymbol assembly && assembly.GetTypeByMetadataName(AttributeNames.Hypernet) is not null);

    static void Analyze(SymbolAnalysisContext context)
    {
        // A diagnostic must be reported from the symbol whose declaration holds its location (one outside the analysed
        // symbol is "non-local": the IDE shows it only in full-solution analysis, and no fix can apply). So each type
        // reports the problems located in its own declaration — not in its nested types, which report their own —
        // whichever hypernet they belong to: its own, one nested in it ("the containing type must be partial"), or
        // one containing it (a nested type named like a generated member).
        var type = (INamedTypeSymbol)context.Symbol;
        var hypernets = new List<INamedTypeSymbol>();
        if (IsHypernetCandidate(type))
            hypernets.Add(type);
        CollectNested(type, hypernets, 0);
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            if (IsHypernetCandidate(outer))
                hypernets.Add(outer);
        if (hypernets.Count == 0)
            return;

        var own = type.DeclaringSyntaxReferences.Select(r => (r.SyntaxTree, r.Span)).ToList();
        var nested = type.GetTypeMembers().SelectMany(n => n.DeclaringSyntaxReferences).Select(r => (r.SyntaxTree, r.Span)).ToList();
        bool Inside(Location location, List<(SyntaxTree Tree, Microsoft.CodeAnalysis.Text.TextSpan Span)> spans) =>
            spans.Any(s => s.Tree == location.SourceTree && s.Span.Contains(location.SourceSpan));

        var reported = new HashSet<(ProblemKind, Location)>();
        foreach (var hypernet in hypernets)
        {
            var result = HypernetSpecParser.Parse(hypernet, context.Compilation, context.CancellationToken);
            foreach (var problem in result.Problems)
            {
                if (Descriptors.AnalyzerOwnedProblems.Contains(problem.Kind))
                    continue;
                var location = problem.Location ?? hypernet.Locations.FirstOrDefault() ?? Location.None;
                if (!location.IsInSource || !Inside(location, own) || Inside(location, nested) || !reported.Add((problem.Kind, location)))
                    continue;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.For(problem.Kind), location, problem.Properties,
                    problem.Args.Cast<object>().ToArray()));
            }
        }
    }

    static bool IsHypernetCandidate(INamedTypeSymbol type) =>
        // [GenerateTensor] too: without [Hypernet] it is HG0005 like a layer (it used to go unreported).
        type.GetAttributes().Any(a => HypernetSpecParser.IsHypernetAttribute(a) || HypernetSpecParser.IsLayerAttribute(a, out _)
                                      || HypernetSpecParser.IsGenerateTensorAttribute(a));

    static void CollectNested(INamedTypeSymbol type, List<INamedTypeSymbol> hypernets, int depth)
    {
        if (depth > 8)
            return;
        foreach (var member in type.GetTypeMembers())
        {
            if (member.GetAttributes().Any(HypernetSpecParser.IsHypernetAttribute))
                hypernets.Add(member);
            CollectNested(member, hypernets, depth + 1);
        }
    }
}
