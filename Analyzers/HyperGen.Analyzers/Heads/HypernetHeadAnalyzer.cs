using System.Collections.Concurrent;
using System.Collections.Immutable;
using HyperGen.Analyzers.Common;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HyperGen.Analyzers.Heads;

/// <summary>
/// HG0001 (classical init on a hypernet head) and the checks of the <c>[HypernetHead]</c> attribute
/// (HG0021–HG0023). Heads are known three ways: the generator's spec of a <c>[Hypernet]</c> class (the parser
/// the generator runs, so the head names are the generated ones), the <c>[HypernetHead]</c> attribute a user
/// writes on a hand-written <c>Linear</c>, and inference — a <c>Linear</c> whose output is viewed/reshaped into
/// the weight of <c>functional.linear/conv1d/conv2d</c> in the same type. Inits reach heads directly
/// (<c>head.weight</c>) or through loops over a module's parts (<c>apply</c>, <c>named_parameters()</c>,
/// <c>named_modules()</c>…). The flow is collected per type (symbol start → operations → symbol end), so it does
/// not depend on the order members are analysed in.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HypernetHeadAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.ClassicalInitOnHead,
        Descriptors.For(ProblemKind.HeadAttributeOnNonLinear),
        Descriptors.For(ProblemKind.InvalidHeadAttribute),
        Descriptors.For(ProblemKind.HeadShapeMismatch));

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownSymbols.Create(start.Compilation);
            if (!known.HasTorchSharpAndRuntime)
                return;
            var headModules = new ConcurrentDictionary<ITypeSymbol, ImmutableArray<string?>>(SymbolEqualityComparer.Default);

            start.RegisterSymbolAction(c => HeadAttributeChecks.Check(c, known), SymbolKind.Field, SymbolKind.Property);
            start.RegisterSymbolStartAction(symbolStart =>
            {
                var type = (INamedTypeSymbol)symbolStart.Symbol;
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
                    return;
                var flow = new TypeFlow(type, known, headModules);
                symbolStart.RegisterOperationAction(flow.OnInvocation, OperationKind.Invocation);
                symbolStart.RegisterOperationAction(flow.OnAssignment, OperationKind.SimpleAssignment);
                symbolStart.RegisterOperationAction(flow.OnDeclarator, OperationKind.VariableDeclarator);
                symbolStart.RegisterOperationAction(flow.OnMemberInitializer, OperationKind.FieldInitializer, OperationKind.PropertyInitializer);
                symbolStart.RegisterOperationAction(flow.OnDeconstruction, OperationKind.DeconstructionAssignment);
                symbolStart.RegisterOperationAction(flow.OnLoop, OperationKind.Loop);
                symbolStart.RegisterOperationAction(flow.OnPattern, OperationKind.DeclarationPattern, OperationKind.RecursivePattern);
                symbolStart.RegisterSymbolEndAction(flow.Report);
            }, SymbolKind.NamedType);
        });
    }
}
