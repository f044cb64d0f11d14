using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using HyperGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HyperGen.CodeFixes;

/// <summary>HG0008: replaces a layer's input size with the size the previous layer produces (the parser's <c>Inferred</c>).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseInferredSizeCodeFix)), Shared]
public sealed class UseInferredSizeCodeFix : CodeFixProvider
{
    /// <summary>The parser's property with the size the previous layer produces.</summary>
    public const string InferredProperty = "Inferred";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SizeMismatch);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => DocumentFixAll.Create(Edit);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
            if (root is not null && Argument(root, diagnostic) is not null && Inferred(diagnostic) is { } inferred)
                context.RegisterCodeFix(CodeAction.Create($"Use {inferred}, the size the previous layer produces",
                    ct => DocumentFixAll.ApplyOneAsync(context.Document, diagnostic, EquivalenceKeys.UseInferredSize, Edit, ct),
                    EquivalenceKeys.UseInferredSize), diagnostic);
    }

    static long? Inferred(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(InferredProperty, out var text) && long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out long value) && value > 0
            ? value
            : null;

    static AttributeArgumentSyntax? Argument(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeArgumentSyntax>();

    static bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        if (Argument(root, diagnostic) is not { } argument || Inferred(diagnostic) is not long inferred)
            return false;
        // int literals: the attribute parameters are int (the parser only infers sizes up to its MaxWidth).
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal((int)inferred));
        editor.ReplaceNode(argument.Expression, literal.WithTriviaFrom(argument.Expression));
        return true;
    }
}
