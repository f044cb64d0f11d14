using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace HyperGen.CodeFixes;

/// <summary>
/// What every HyperGen code fix shares: the diagnostics it fixes, one code action per (title, equivalence key) the
/// fix offers for a diagnostic, and one edit that both the single fix and Fix All run through
/// <see cref="DocumentFixAll"/> (one <see cref="DocumentEditor"/> per document, so edits merge). A fix supplies
/// only <see cref="Actions"/> and <see cref="Edit"/>.
/// </summary>
public abstract class HyperGenCodeFix : CodeFixProvider
{
    private protected HyperGenCodeFix(params string[] ids) => FixableDiagnosticIds = ImmutableArray.Create(ids);

    /// <inheritdoc />
    public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

    /// <inheritdoc />
    public sealed override FixAllProvider GetFixAllProvider() => DocumentFixAll.Create(Edit);

    /// <inheritdoc />
    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
            foreach (var (title, key) in Actions(root, diagnostic))
                context.RegisterCodeFix(CodeAction.Create(title,
                    ct => DocumentFixAll.ApplyOneAsync(context.Document, diagnostic, key, Edit, ct), key), diagnostic);
    }

    /// <summary>The actions offered for <paramref name="diagnostic"/> as (title, equivalence key); none when the fix does not apply.</summary>
    private protected abstract IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, Diagnostic diagnostic);

    /// <summary>Records the edit for one diagnostic in <paramref name="editor"/>; false when it does not apply.</summary>
    private protected abstract bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct);
}
