using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using HyperGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HyperGen.CodeFixes;

/// <summary>HG0003: adds <c>partial</c> to the hypernet class (or to the type that contains it).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NotPartial);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => DocumentFixAll.Create(Edit);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
            if (root is not null && Declaration(root, diagnostic) is { } declaration)
                context.RegisterCodeFix(CodeAction.Create($"Make '{declaration.Identifier.ValueText}' partial",
                    ct => DocumentFixAll.ApplyOneAsync(context.Document, diagnostic, EquivalenceKeys.MakePartial, Edit, ct),
                    EquivalenceKeys.MakePartial), diagnostic);
    }

    static TypeDeclarationSyntax? Declaration(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();

    static bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        if (Declaration(root, diagnostic) is not { } declaration)
            return false;
        editor.ReplaceNode(declaration, (current, generator) =>
            generator.GetModifiers(current).IsPartial ? current : generator.WithModifiers(current, generator.GetModifiers(current).WithPartial(true)));
        return true;
    }
}
