using System.Collections.Generic;
using System.Composition;
using System.Linq;
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
/// HG0003: adds <c>partial</c> to the hypernet class (or to the type that contains it). HG0032: adds it to a custom
/// <c>Mainnet</c> whose only fault is its missing <c>partial</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix)), Shared]
public sealed class MakePartialCodeFix() : HyperGenCodeFix(DiagnosticIds.NotPartial, DiagnosticIds.MainnetSignature)
{
    private protected override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, Diagnostic diagnostic)
    {
        if (Declaration(root, diagnostic) is { } declaration)
            yield return ($"Make '{Name(declaration)}' partial", EquivalenceKeys.MakePartial);
    }

    static MemberDeclarationSyntax? Declaration(SyntaxNode root, Diagnostic diagnostic)
    {
        var token = root.FindToken(diagnostic.Location.SourceSpan.Start);
        if (diagnostic.Id == DiagnosticIds.MainnetSignature)
            return diagnostic.Properties.ContainsKey(HypernetSpecParser.AddPartialProperty) ? token.Parent?.FirstAncestorOrSelf<MethodDeclarationSyntax>() : null;
        return token.Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
    }

    static string Name(MemberDeclarationSyntax declaration) => declaration switch
    {
        TypeDeclarationSyntax t => t.Identifier.ValueText,
        MethodDeclarationSyntax m => m.Identifier.ValueText,
        _ => "",
    };

    private protected override bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        if (Declaration(root, diagnostic) is not { } declaration)
            return false;
        editor.ReplaceNode(declaration, (current, _) =>
        {
            var member = (MemberDeclarationSyntax)current;
            // 'partial' goes last among the modifiers, right before the type keyword or the return type.
            return member.Modifiers.Any(SyntaxKind.PartialKeyword) ? member : member.AddModifiers(SyntaxFactory.Token(SyntaxKind.PartialKeyword));
        });
        return true;
    }
}
