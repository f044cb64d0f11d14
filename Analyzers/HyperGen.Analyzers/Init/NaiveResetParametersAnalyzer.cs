using System;
using System.Collections.Immutable;
using System.Linq;
using HyperGen.Analyzers.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HyperGen.Analyzers.Init;

/// <summary>
/// HG0002 (info): <c>model.ResetParameters(HeadInit.Xavier)</c> or <c>(HeadInit.Kaiming)</c> on a generated
/// hypernet, outside a comparison. Those values exist to reproduce the classical mistake in experiments.
/// </summary>
/// <remarks>
/// A call is "in a comparison", and not reported, when any of these holds:
/// <list type="bullet">
/// <item>the HeadInit argument is not a constant (a variable: the caller is choosing among inits);</item>
/// <item>it sits in a loop whose variable is a HeadInit, or in a switch or condition that tests a HeadInit value;</item>
/// <item>an enclosing method, local function or type is named like a comparison — its name contains
/// Compare, Comparison, Benchmark, Baseline, Ablation or Test — or carries a test or benchmark attribute
/// (Fact, Theory, Test, TestMethod, TestCase, DataTestMethod, Benchmark).</item>
/// </list>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NaiveResetParametersAnalyzer : DiagnosticAnalyzer
{
    static readonly string[] ComparisonWords = { "Compare", "Comparison", "Benchmark", "Baseline", "Ablation", "Test" };
    static readonly ImmutableHashSet<string> ComparisonAttributes = ImmutableHashSet.Create(
        "Fact", "Theory", "Test", "TestMethod", "TestCase", "DataTestMethod", "Benchmark",
        "FactAttribute", "TheoryAttribute", "TestAttribute", "TestMethodAttribute", "TestCaseAttribute", "DataTestMethodAttribute", "BenchmarkAttribute");

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NaiveResetParameters);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownSymbols.Create(start.Compilation);
            if (known.HeadInit is null || known.HypernetAttribute is null)
                return;
            start.RegisterOperationAction(c => Analyze(c, known), OperationKind.Invocation);
        });
    }

    static void Analyze(OperationAnalysisContext context, KnownSymbols known)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "ResetParameters" || !known.HasHypernetAttribute(invocation.TargetMethod.ContainingType))
            return;
        var argument = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type, known.HeadInit));
        if (argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Value.ConstantValue is not { HasValue: true, Value: int value })
            return;
        string? name = value switch { 1 => "Xavier", 2 => "Kaiming", _ => null };
        if (name is null || InComparison(invocation, known))
            return;
        bool calibrate = true;
        foreach (var a in invocation.TargetMethod.ContainingType.GetAttributes())
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.HypernetAttribute))
                foreach (var named in a.NamedArguments)
                    if (named.Key == "Calibrate" && named.Value.Value is bool b)
                        calibrate = b;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperties.Calibrate, calibrate ? "true" : "false");
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.NaiveResetParameters, argument.Syntax.GetLocation(), properties,
            name, invocation.TargetMethod.ContainingType.Name));
    }

    static bool InComparison(IInvocationOperation invocation, KnownSymbols known)
    {
        for (var parent = invocation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IForEachLoopOperation loop when loop.Locals.Any(l => SymbolEqualityComparer.Default.Equals(l.Type, known.HeadInit)):
                case IForLoopOperation forLoop when forLoop.Locals.Any(l => SymbolEqualityComparer.Default.Equals(l.Type, known.HeadInit)):
                case ISwitchOperation switchStatement when SymbolEqualityComparer.Default.Equals(switchStatement.Value.Type, known.HeadInit):
                case ISwitchExpressionOperation switchExpression when SymbolEqualityComparer.Default.Equals(switchExpression.Value.Type, known.HeadInit):
                case IConditionalOperation conditional when conditional.Condition.DescendantsAndSelf().Any(o => SymbolEqualityComparer.Default.Equals(o.Type, known.HeadInit)):
                    return true;
                case ILocalFunctionOperation local when IsComparisonSymbol(local.Symbol):
                    return true;
            }
        }
        for (ISymbol? symbol = invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart); symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (symbol is INamespaceSymbol)
                break;
            if (IsComparisonSymbol(symbol))
                return true;
        }
        return false;
    }

    static bool IsComparisonSymbol(ISymbol symbol) =>
        ComparisonWords.Any(w => symbol.Name.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0)
        || symbol.GetAttributes().Any(a => a.AttributeClass is { } c && ComparisonAttributes.Contains(c.Name));
}
