using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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

/// <summary>
/// HG0001: replaces Xavier/Kaiming on a hypernet head with the matching <c>HyperInit.InitWeightHead</c> /
/// <c>InitBiasHead</c> call (shape, activation, bias and moment from the analyzer's properties: the attribute,
/// the generator's <c>Targets</c> constants, or the inferred view), or an <c>apply</c> loop over a generated
/// hypernet with <c>ResetParameters(mode, calibrate)</c>. Two actions: hyperfan-in and hyperfan-out.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseHyperfanInitCodeFix)), Shared]
public sealed class UseHyperfanInitCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ClassicalInitOnHead);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => DocumentFixAll.Create(Edit);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.Fix, out var fix) || fix is null)
                continue;
            if (Target(root, diagnostic) is null)
                continue;
            string what = fix == FixProperties.ApplyFix ? "ResetParameters" : "HyperInit";
            foreach (var (title, key) in new[] { ($"Use hyperfan-in init ({what})", EquivalenceKeys.HyperfanIn), ($"Use hyperfan-out init ({what})", EquivalenceKeys.HyperfanOut) })
                context.RegisterCodeFix(CodeAction.Create(title,
                    ct => DocumentFixAll.ApplyOneAsync(context.Document, diagnostic, key, Edit, ct), key), diagnostic);
        }
    }

    static SyntaxNode? Target(SyntaxNode root, Diagnostic diagnostic)
    {
        var call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (call is null)
            return null;
        if (diagnostic.Properties.TryGetValue(FixProperties.Fix, out var fix) && fix == FixProperties.ApplyFix)
            return ApplyStatement(call);
        return call;
    }

    /// <summary>The <c>x.apply(...);</c> statement around an init call inside the apply lambda.</summary>
    static ExpressionStatementSyntax? ApplyStatement(InvocationExpressionSyntax initCall)
    {
        foreach (var invocation in initCall.Ancestors().OfType<InvocationExpressionSyntax>())
            if (Name(invocation.Expression) == "apply" && invocation.Parent is ExpressionStatementSyntax statement)
                return statement;
        return null;
    }

    static string? Name(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => null,
    };

    internal static string Mode(SemanticModel model, int position, string key) =>
        DocumentFixAll.TypeName(model, position, "HyperfanMode") + "." + (key == EquivalenceKeys.HyperfanOut ? "Out" : "In");

    static bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        var target = Target(root, diagnostic);
        switch (target)
        {
            case ExpressionStatementSyntax statement:
            {
                string calibrate = diagnostic.Properties.TryGetValue(FixProperties.Calibrate, out var c) && c == "false" ? "false" : "true";
                editor.ReplaceNode(statement, (current, _) =>
                {
                    if (current is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax apply } currentStatement || Name(apply.Expression) != "apply")
                        return current; // already replaced for another init call in the same loop
                    ExpressionSyntax reset = apply.Expression is MemberAccessExpressionSyntax access
                        ? access.WithName(SyntaxFactory.IdentifierName("ResetParameters"))
                        : SyntaxFactory.IdentifierName("ResetParameters");
                    var arguments = SyntaxFactory.ParseArgumentList($"({Mode(editor.SemanticModel, statement.SpanStart, key)}, calibrate: {calibrate})");
                    var replacement = SyntaxFactory.InvocationExpression(reset, arguments).WithTriviaFrom(apply);
                    return currentStatement.WithExpression(replacement);
                });
                return true;
            }
            case InvocationExpressionSyntax call:
            {
                var tensor = TensorArgument(call, diagnostic.Properties.TryGetValue(FixProperties.TensorMethod, out var m) && m == "true");
                if (tensor is null)
                    return false;
                var replacement = HyperInitCall(editor.SemanticModel, call.SpanStart, tensor, diagnostic.Properties, key);
                if (replacement is null)
                    return false;
                editor.ReplaceNode(call, replacement.WithTriviaFrom(call));
                return true;
            }
            default:
                return false;
        }
    }

    /// <summary>The tensor the init call initialises: <c>init.f(t, …)</c> (positional or <c>tensor:</c>) or <c>t.uniform_(…)</c>.</summary>
    static ExpressionSyntax? TensorArgument(InvocationExpressionSyntax call, bool tensorMethod)
    {
        if (tensorMethod)
            return (call.Expression as MemberAccessExpressionSyntax)?.Expression;
        var arguments = call.ArgumentList.Arguments;
        var named = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "tensor");
        if (named is not null)
            return named.Expression;
        return arguments.FirstOrDefault(a => a.NameColon is null)?.Expression;
    }

    static ExpressionSyntax? HyperInitCall(SemanticModel model, int position, ExpressionSyntax tensor, ImmutableDictionary<string, string?> p, string key)
    {
        if (!p.TryGetValue(FixProperties.Shape, out var shape) || string.IsNullOrEmpty(shape)
            || !p.TryGetValue(FixProperties.Activation, out var activation) || string.IsNullOrEmpty(activation))
            return null;
        bool bias = p.TryGetValue(FixProperties.Role, out var role) && role == "Bias";
        var args = new List<string>
        {
            tensor.WithoutTrivia().ToFullString(),
            "new long[] { " + string.Join(", ", shape!.Split(';')) + " }",
            Mode(model, position, key),
            DocumentFixAll.TypeName(model, position, "Activation") + "." + activation,
        };
        if (!bias)
            args.Add("biasGenerated: " + (p.TryGetValue(FixProperties.BiasGenerated, out var b) && b == "false" ? "false" : "true"));
        if (p.TryGetValue(FixProperties.Moment, out var moment) && !string.IsNullOrEmpty(moment))
            args.Add((bias ? "inputSecondMoment: " : "embeddingSecondMoment: ") + moment);
        if (p.TryGetValue(FixProperties.NegativeSlope, out var slope) && !string.IsNullOrEmpty(slope))
            args.Add("negativeSlope: " + slope);
        string method = bias ? "InitBiasHead" : "InitWeightHead";
        return SyntaxFactory.ParseExpression($"{DocumentFixAll.TypeName(model, position, "HyperInit")}.{method}({string.Join(", ", args)})");
    }
}
