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

/// <summary>HG0002: <c>ResetParameters(HeadInit.Xavier)</c> → <c>ResetParameters(HyperfanMode.In/Out, calibrate: …)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseHyperfanResetCodeFix)), Shared]
public sealed class UseHyperfanResetCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NaiveResetParameters);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => DocumentFixAll.Create(Edit);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is null || ArgumentList(root, diagnostic) is null)
                continue;
            foreach (var (title, key) in new[] { ("Use hyperfan-in init", EquivalenceKeys.HyperfanIn), ("Use hyperfan-out init", EquivalenceKeys.HyperfanOut) })
                context.RegisterCodeFix(CodeAction.Create(title,
                    ct => DocumentFixAll.ApplyOneAsync(context.Document, diagnostic, key, Edit, ct), key), diagnostic);
        }
    }

    static ArgumentListSyntax? ArgumentList(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ArgumentSyntax>()?.Parent as ArgumentListSyntax;

    static bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        if (ArgumentList(root, diagnostic) is not { } list)
            return false;
        string calibrate = diagnostic.Properties.TryGetValue(FixProperties.Calibrate, out var c) && c == "false" ? "false" : "true";
        var replacement = SyntaxFactory.ParseArgumentList($"({UseHyperfanInitCodeFix.Mode(editor.SemanticModel, list.SpanStart, key)}, calibrate: {calibrate})")
            .WithTriviaFrom(list);
        editor.ReplaceNode(list, replacement);
        return true;
    }
}
