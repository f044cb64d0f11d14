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
/// the generator's <c>Targets</c> constants, or the inferred view), or an <c>apply</c> call or a <c>foreach</c> over
/// <c>named_parameters()</c>/<c>modules()</c>/… of a generated hypernet with <c>ResetParameters(mode, calibrate)</c>.
/// Two actions: hyperfan-in and hyperfan-out.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseHyperfanInitCodeFix)), Shared]
public sealed class UseHyperfanInitCodeFix() : HyperGenCodeFix(DiagnosticIds.ClassicalInitOnHead)
{
    private protected override IEnumerable<(string Title, string Key)> Actions(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(FixProperties.Fix, out var fix) || fix is null || Target(root, diagnostic) is null)
            yield break;
        string what = fix == FixProperties.HeadFix ? "HyperInit" : "ResetParameters";
        yield return ($"Use hyperfan-in init ({what})", EquivalenceKeys.HyperfanIn);
        yield return ($"Use hyperfan-out init ({what})", EquivalenceKeys.HyperfanOut);
    }

    static SyntaxNode? Target(SyntaxNode root, Diagnostic diagnostic)
    {
        var call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (call is null)
            return null;
        diagnostic.Properties.TryGetValue(FixProperties.Fix, out var fix);
        return fix switch
        {
            FixProperties.ApplyFix => call.Ancestors().OfType<InvocationExpressionSyntax>()
                .FirstOrDefault(i => Name(i.Expression) == "apply" && i.Parent is ExpressionStatementSyntax)?.Parent,
            FixProperties.LoopFix => call.Ancestors().OfType<CommonForEachStatementSyntax>()
                .FirstOrDefault(loop => EnumerationCall(loop) is not null),
            _ => call,
        };
    }

    /// <summary>The <c>x.apply(…)</c> of an apply statement, or the <c>x.named_parameters()</c> (…) a foreach loops over.</summary>
    static InvocationExpressionSyntax? EnumerationCall(SyntaxNode statement) => statement switch
    {
        ExpressionStatementSyntax { Expression: InvocationExpressionSyntax apply } when Name(apply.Expression) == "apply" => apply,
        CommonForEachStatementSyntax { Expression: InvocationExpressionSyntax loop }
            when Name(loop.Expression) is "parameters" or "named_parameters" or "modules" or "named_modules" or "children" or "named_children" => loop,
        _ => null,
    };

    static string? Name(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => null,
    };

    static string Mode(string key) => "global::HyperGen.HyperfanMode." + (key == EquivalenceKeys.HyperfanOut ? "Out" : "In");

    private protected override bool Edit(DocumentEditor editor, SyntaxNode root, Diagnostic diagnostic, string key, CancellationToken ct)
    {
        var target = Target(root, diagnostic);
        switch (target)
        {
            case StatementSyntax statement:
            {
                // The whole apply statement or loop becomes receiver.ResetParameters(mode, calibrate: …).
                string calibrate = diagnostic.Properties.TryGetValue(FixProperties.Calibrate, out var c) && c == "false" ? "false" : "true";
                editor.ReplaceNode(statement, (current, _) =>
                {
                    if (EnumerationCall(current) is not { } enumeration)
                        return current; // already replaced for another init call in the same loop
                    ExpressionSyntax reset = enumeration.Expression is MemberAccessExpressionSyntax access
                        ? access.WithName(SyntaxFactory.IdentifierName("ResetParameters")).WithoutTrivia()
                        : SyntaxFactory.IdentifierName("ResetParameters");
                    var arguments = DocumentFixAll.Simplified(SyntaxFactory.ParseArgumentList($"({Mode(key)}, calibrate: {calibrate})"));
                    var replacement = SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(reset, arguments)).WithTriviaFrom(current);
                    // Keep the editor's tracking annotation: a second init in the same loop (Fix All) finds this node again.
                    return current.CopyAnnotationsTo(replacement)!;
                });
                return true;
            }
            case InvocationExpressionSyntax call:
            {
                var tensor = TensorArgument(call, diagnostic.Properties.TryGetValue(FixProperties.TensorMethod, out var m) && m == "true");
                if (tensor is null)
                    return false;
                var replacement = HyperInitCall(tensor, diagnostic.Properties, key);
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

    static ExpressionSyntax? HyperInitCall(ExpressionSyntax tensor, ImmutableDictionary<string, string?> p, string key)
    {
        if (!p.TryGetValue(FixProperties.Shape, out var shape) || string.IsNullOrEmpty(shape)
            || !p.TryGetValue(FixProperties.Activation, out var activation) || string.IsNullOrEmpty(activation))
            return null;
        bool bias = p.TryGetValue(FixProperties.Role, out var role) && role == "Bias";
        var args = new List<string>
        {
            tensor.WithoutTrivia().ToFullString(),
            "new long[] { " + string.Join(", ", shape!.Split(';')) + " }",
            Mode(key),
            "global::HyperGen.Activation." + activation,
        };
        if (!bias)
            args.Add("biasGenerated: " + (p.TryGetValue(FixProperties.BiasGenerated, out var b) && b == "false" ? "false" : "true"));
        if (p.TryGetValue(FixProperties.Moment, out var moment) && !string.IsNullOrEmpty(moment))
            args.Add((bias ? "inputSecondMoment: " : "embeddingSecondMoment: ") + moment);
        if (p.TryGetValue(FixProperties.NegativeSlope, out var slope) && !string.IsNullOrEmpty(slope))
            args.Add("negativeSlope: " + slope);
        string method = bias ? "InitBiasHead" : "InitWeightHead";
        return DocumentFixAll.Simplified(SyntaxFactory.ParseExpression($"global::HyperGen.HyperInit.{method}({string.Join(", ", args)})"));
    }
}
