using System.Collections.Generic;
using System.Composition;
using System.Globalization;
using System.Threading;
using HyperGen.Analyzers;
using HyperGen.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HyperGen.CodeFixes;

/// <summary>
/// HG0008: replaces a layer's input size with the size the previous layer produces (the parser's <c>Inferred</c>).
/// It edits the argument the diagnostic is located at — the one that supplies <c>inFeatures</c>/<c>inChannels</c>,
/// positional or named, in any order — and is not offered when that size does not fit the attribute's <c>int</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseInferredSizeCodeFix)), Shared]
public sealed class UseInferredSizeCodeFix() : HyperGenCodeFix(DiagnosticIds.SizeMismatch)
{
    private protected override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, Diagnostic diagnostic)
    {
        if (Argument(root, diagnostic) is not null && Inferred(diagnostic) is { } inferred)
            yield return ($"Use {inferred.ToString(CultureInfo.InvariantCulture)}, the size the previous layer produces", EquivalenceKeys.UseInferredSize);
    }

    static int? Inferred(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(HypernetSpecParser.InferredProperty, out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : null;

    /// <summary>The attribute argument the diagnostic spans exactly (never a neighbour, never the whole attribute).</summary>
    static AttributeArgumentSyntax? Argument(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeArgumentSyntax>() is { } argument
        && argument.Span == diagnostic.Location.SourceSpan
            ? argument
            : null;

    private protected override bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        if (Argument(root, diagnostic) is not { } argument || Inferred(diagnostic) is not int inferred)
            return false;
        var literal = SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(inferred));
        editor.ReplaceNode(argument.Expression, literal.WithTriviaFrom(argument.Expression));
        return true;
    }
}
