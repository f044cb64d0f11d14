using System.Collections.Immutable;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HyperGen.Analyzers.Attributes;

/// <summary>
/// HG0020: <c>[Hypernet]</c> or <c>[HypernetHead]</c> written in a project that has the HyperGen analyzers
/// but not the runtime assembly that defines the attributes (for example an analyzer-only project
/// reference). The compiler says CS0246; this says what to reference. Only registered when the runtime is
/// missing, so it costs nothing in a normal build.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RuntimeReferenceAnalyzer : DiagnosticAnalyzer
{
    static readonly ImmutableHashSet<string> Names = ImmutableHashSet.Create(
        "Hypernet", "HypernetAttribute", "HypernetHead", "HypernetHeadAttribute");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.For(ProblemKind.RuntimeNotReferenced));

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName(AttributeNames.Hypernet) is not null)
                return;
            start.RegisterSyntaxNodeAction(AnalyzeAttribute, SyntaxKind.Attribute);
        });
    }

    static void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
    {
        var attribute = (AttributeSyntax)context.Node;
        string name = attribute.Name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => "",
        };
        if (!Names.Contains(name))
            return;
        // Only when the name does not bind: a user's own HypernetAttribute is none of our business.
        if (context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not null)
            return;
        string shortName = name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.For(ProblemKind.RuntimeNotReferenced), attribute.Name.GetLocation(), shortName));
    }
}
