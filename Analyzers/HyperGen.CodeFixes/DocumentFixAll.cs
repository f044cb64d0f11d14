using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

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
    /// How to spell a HyperGen type at <paramref name="position"/>: its simple name when that binds to it there
    /// (a <c>using HyperGen;</c> is in scope), else <c>global::HyperGen.X</c>. Decided here rather than left to
    /// the Simplifier, which does not reduce these names in every host.
    /// </summary>
    public static string TypeName(SemanticModel model, int position, string name)
    {
        var found = model.LookupNamespacesAndTypes(position, name: name);
        return found.Length == 1 && found[0] is INamedTypeSymbol { ContainingNamespace: { Name: "HyperGen", ContainingNamespace.IsGlobalNamespace: true } }
            ? name
            : "global::HyperGen." + name;
    }
}
