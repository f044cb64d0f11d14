using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace HyperGen.CodeFixes;

/// <summary>
/// A FixAll that applies every diagnostic's edit of one document through a single <see cref="DocumentEditor"/>
/// (document, project and solution scopes), so overlapping or duplicate edits (two init calls in one apply
/// loop, one outer type reported for two nested hypernets) merge instead of conflicting.
/// </summary>
internal static class DocumentFixAll
{
    /// <summary>An edit for one diagnostic; returns false when it does not apply (the diagnostic is skipped).</summary>
    public delegate bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string equivalenceKey, CancellationToken ct);

    public static FixAllProvider Create(Edit edit) => FixAllProvider.Create(async (context, document, diagnostics) =>
    {
        if (diagnostics.IsDefaultOrEmpty || context.CodeActionEquivalenceKey is not { } key)
            return document;
        return await ApplyAsync(document, diagnostics, key, edit, context.CancellationToken).ConfigureAwait(false);
    });

    public static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string key, Edit edit, CancellationToken ct)
    {
        var editor = await DocumentEditor.CreateAsync(document, ct).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            ct.ThrowIfCancellationRequested();
            edit(editor, root, diagnostic, key, ct);
        }
        return editor.GetChangedDocument();
    }

    public static Task<Document> ApplyOneAsync(Document document, Diagnostic diagnostic, string key, Edit edit, CancellationToken ct) =>
        ApplyAsync(document, ImmutableArray.Create(diagnostic), key, edit, ct);

    /// <summary>
    /// <c>global::HyperGen.{name}</c>, marked for the Simplifier: the code action's clean-up then writes it the
    /// shortest way that binds where it lands (<c>HyperfanMode</c> under <c>using HyperGen;</c>, <c>HG.HyperfanMode</c>
    /// under <c>using HG = HyperGen;</c>, else <c>HyperGen.HyperfanMode</c>).
    /// </summary>
    public static NameSyntax HyperGenName(string name) =>
        SyntaxFactory.ParseName("global::HyperGen." + name).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>
    /// Marks every <c>global::HyperGen.…</c> name in <paramref name="node"/> (code a fix wrote, not the user's) for the
    /// Simplifier, and the node for the Formatter.
    /// </summary>
    public static T Simplified<T>(T node) where T : SyntaxNode
    {
        var ours = node.DescendantNodesAndSelf().Where(n => n is MemberAccessExpressionSyntax or QualifiedNameSyntax
                && n.Parent is not (MemberAccessExpressionSyntax or QualifiedNameSyntax)
                && n.ToString().StartsWith("global::HyperGen.", System.StringComparison.Ordinal));
        return node.ReplaceNodes(ours, (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation))
                   .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
