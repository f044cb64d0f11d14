using System.Collections.Generic;
using System.Composition;
using System.Linq;
using System.Threading;
using HyperGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HyperGen.CodeFixes;

/// <summary>
/// HG0018: inserts <c>[Flatten]</c> right before a <c>[Linear]</c> that follows a spatial layer: on its own line
/// when the Linear starts a line, otherwise in front of it. It is spelled the way the Linear attribute is
/// (<c>Flatten</c>, <c>HyperGen.Flatten</c>, <c>HG.Flatten</c>, <c>FlattenAttribute</c>…) when that spelling binds to
/// HyperGen's FlattenAttribute there; otherwise (the Linear is written through an alias of its own, say) as
/// <c>global::HyperGen.Flatten</c> left to the Simplifier.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsertFlattenCodeFix)), Shared]
public sealed class InsertFlattenCodeFix() : HyperGenCodeFix(DiagnosticIds.NeedsFlatten)
{
    const string FlattenMetadataName = "HyperGen.FlattenAttribute";

    private protected override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, Diagnostic diagnostic)
    {
        if (Attribute(root, diagnostic) is not null)
            yield return ("Insert [Flatten] before the Linear layer", EquivalenceKeys.InsertFlatten);
    }

    static AttributeSyntax? Attribute(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>();

    /// <summary>The Linear attribute's name with its last identifier changed: Linear → Flatten, LinearAttribute → FlattenAttribute.</summary>
    static NameSyntax MirroredName(NameSyntax linear)
    {
        SimpleNameSyntax last = linear switch
        {
            QualifiedNameSyntax q => q.Right,
            AliasQualifiedNameSyntax a => a.Name,
            SimpleNameSyntax s => s,
            _ => SyntaxFactory.IdentifierName("Flatten"),
        };
        string text = last.Identifier.ValueText.EndsWith("Attribute", System.StringComparison.Ordinal) ? "FlattenAttribute" : "Flatten";
        var replacement = SyntaxFactory.IdentifierName(text).WithTriviaFrom(last);
        return linear.ReplaceNode(last, replacement) is NameSyntax n ? n.WithoutTrivia() : SyntaxFactory.IdentifierName("Flatten");
    }

    /// <summary>The mirrored spelling when it binds to HyperGen's [Flatten] at the Linear's position, else the simplifiable full name.</summary>
    static NameSyntax FlattenName(SemanticModel model, AttributeSyntax linear)
    {
        var mirrored = MirroredName(linear.Name);
        var bound = model.GetSpeculativeSymbolInfo(linear.SpanStart, SyntaxFactory.Attribute(mirrored)).Symbol?.ContainingType;
        var flatten = model.Compilation.GetTypeByMetadataName(FlattenMetadataName);
        return flatten is not null && SymbolEqualityComparer.Default.Equals(bound, flatten) ? mirrored : DocumentFixAll.HyperGenName("Flatten");
    }

    private protected override bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        if (Attribute(root, diagnostic) is not { Parent: AttributeListSyntax list } attribute)
            return false;
        // NormalizeWhitespace: no elastic trivia, so the clean-up formatter leaves the user's layout alone (annotations survive it).
        var flatten = SyntaxFactory.Attribute(FlattenName(editor.SemanticModel, attribute)).NormalizeWhitespace();
        if (list.Attributes.Count > 1)
        {
            int index = list.Attributes.IndexOf(attribute);
            var attributes = list.Attributes.Insert(index, flatten);
            var separated = SyntaxFactory.SeparatedList(attributes.Select(a => a.WithoutTrivia()),
                Enumerable.Repeat(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space), attributes.Count - 1));
            editor.ReplaceNode(list, list.WithAttributes(separated));
            return true;
        }

        var leading = list.GetLeadingTrivia();
        var previous = list.OpenBracketToken.GetPreviousToken();
        var endOfLine = previous.TrailingTrivia.Concat(leading).FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        bool startsLine = previous.IsKind(SyntaxKind.None) || previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
                          || leading.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newList = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(flatten)).NormalizeWhitespace().WithLeadingTrivia(leading);
        if (startsLine)
        {
            // [Flatten] takes the Linear's line; the Linear moves to the next one with the same indentation.
            var indentation = leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
            var eol = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed;
            editor.InsertBefore(list, newList.WithTrailingTrivia(eol));
            editor.ReplaceNode(list, list.WithLeadingTrivia(indentation));
        }
        else
        {
            editor.InsertBefore(list, newList.WithTrailingTrivia(SyntaxFactory.Space));
            editor.ReplaceNode(list, list.WithLeadingTrivia());
        }
        return true;
    }
}
