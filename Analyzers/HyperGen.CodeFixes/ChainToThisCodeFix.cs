using System.Collections.Generic;
using System.Composition;
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
/// HG0026: adds <c>: this()</c> to a hypernet constructor that has no initializer, so the generated constructor
/// builds the hypernet first. Not offered for a constructor that calls <c>base(…)</c> (the fix would drop the
/// user's arguments) or for a primary constructor.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ChainToThisCodeFix)), Shared]
public sealed class ChainToThisCodeFix() : HyperGenCodeFix(DiagnosticIds.UnsupportedConstructor)
{
    private protected override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, Diagnostic diagnostic)
    {
        if (Constructor(root, diagnostic) is not null)
            yield return ("Call ': this()' first", EquivalenceKeys.ChainToThis);
    }

    static ConstructorDeclarationSyntax? Constructor(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(HypernetSpecParser.ChainToThisProperty)
        && root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is ConstructorDeclarationSyntax { Initializer: null } constructor
            ? constructor
            : null;

    private protected override bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        if (Constructor(root, diagnostic) is not { } constructor)
            return false;
        var initializer = SyntaxFactory.ConstructorInitializer(SyntaxKind.ThisConstructorInitializer)
            .WithColonToken(SyntaxFactory.Token(SyntaxKind.ColonToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space));
        // The trivia after ')' (a space or a line break before the body) moves behind 'this()'.
        var parameters = constructor.ParameterList;
        editor.ReplaceNode(constructor, constructor
            .WithParameterList(parameters.WithTrailingTrivia())
            .WithInitializer(initializer.WithTrailingTrivia(parameters.GetTrailingTrivia())));
        return true;
    }
}
