using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using HyperGen.Analyzers.Common;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HyperGen.Analyzers.Heads;

/// <summary>
/// The operations of one type that matter to HG0001/HG0023, collected while the type's members are analysed
/// (concurrently, hence the lock) and resolved once at the type's end: which members are heads, what they
/// generate, and which init calls land on them.
/// </summary>
internal sealed partial class TypeFlow(INamedTypeSymbol type, KnownSymbols known, ConcurrentDictionary<ITypeSymbol, ImmutableArray<string?>> headModulesCache)
{
    const int MaxDepth = 6;

    readonly object gate = new();
    readonly List<InitCall> inits = new();
    readonly List<IInvocationOperation> consumers = new();
    readonly List<IInvocationOperation> applies = new();
    readonly Dictionary<ISymbol, List<IOperation>> values = new(SymbolEqualityComparer.Default);
    readonly HashSet<ISymbol> fanLocals = new(SymbolEqualityComparer.Default);
    System.Threading.CancellationToken contextToken;

    /// <summary>An nn.init call (or a tensor's own uniform_/normal_) and the tensor it initialises.</summary>
    sealed record InitCall(IInvocationOperation Operation, IOperation Tensor, bool IsInitFunction);

    // ---- collection (runs concurrently; keep it cheap: a name and a containing-type comparison)

    public void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        string name = method.Name;
        if (KnownSymbols.ClassicalInitNames.Contains(name) || KnownSymbols.ScaledInitNames.Contains(name))
        {
            if (known.IsInitCall(method))
            {
                var tensor = Argument(invocation, 0);
                if (tensor is not null)
                    Add(inits, new InitCall(invocation, tensor, true));
            }
            else if (name is "uniform_" or "normal_" && invocation.Instance is not null && known.IsTensorMethod(method))
            {
                Add(inits, new InitCall(invocation, invocation.Instance, false));
            }
        }
        else if (KnownSymbols.WeightConsumers.Contains(name) && known.IsFunctionalCall(method))
        {
            Add(consumers, invocation);
        }
        else if (name == "apply" && known.IsModule(method.ContainingType))
        {
            Add(applies, invocation);
        }
    }

    public void OnAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        var target = TargetSymbol(assignment.Target);
        if (target is not null)
            AddValue(target, assignment.Value);
    }

    public void OnDeclarator(OperationAnalysisContext context)
    {
        var declarator = (IVariableDeclaratorOperation)context.Operation;
        var initializer = declarator.GetVariableInitializer();
        if (initializer is not null)
            AddValue(declarator.Symbol, initializer.Value);
    }

    public void OnMemberInitializer(OperationAnalysisContext context)
    {
        switch (context.Operation)
        {
            case IFieldInitializerOperation f:
                foreach (var field in f.InitializedFields)
                    AddValue(field, f.Value);
                break;
            case IPropertyInitializerOperation p:
                foreach (var property in p.InitializedProperties)
                    AddValue(property, p.Value);
                break;
        }
    }

    public void OnDeconstruction(OperationAnalysisContext context)
    {
        // var (fanIn, fanOut) = init.CalculateFanInAndFanOut(w): both locals are fans (for the scale heuristic).
        var deconstruction = (IDeconstructionAssignmentOperation)context.Operation;
        if (Strip(deconstruction.Value) is not IInvocationOperation { TargetMethod.Name: "CalculateFanInAndFanOut" } call || !known.IsInitCall(call.TargetMethod))
            return;
        lock (gate)
            foreach (var local in deconstruction.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                fanLocals.Add(local.Local);
    }

    public void OnLoop(OperationAnalysisContext context)
    {
        if (context.Operation is not IForEachLoopOperation loop)
            return;
        // foreach (var head in heads): the loop variable stands for the collection's elements.
        if (loop.LoopControlVariable is IVariableDeclaratorOperation declarator)
            AddValue(declarator.Symbol, loop.Collection);
        // foreach (var (name, p) in model.named_parameters()): may reach a hypernet's heads.
        CollectEnumerationLoop(loop);
    }

    public void OnPattern(OperationAnalysisContext context)
    {
        // m is Linear l, m is Linear { } l: l is m; m is Linear { weight: var w } (or { } w, Tensor w): w is m.weight.
        var pattern = (IPatternOperation)context.Operation;
        var declared = pattern switch
        {
            IDeclarationPatternOperation d => d.DeclaredSymbol,
            IRecursivePatternOperation r => r.DeclaredSymbol,
            _ => null,
        };
        if (declared is not null && PatternInput(pattern) is { } input)
            AddValue(declared, input);
    }

    /// <summary>
    /// The value a pattern tests: the operand of its <c>is</c> or <c>switch</c>, or — inside a property subpattern — that
    /// property of the enclosing pattern's value (a member reference on a <see cref="InstanceReferenceKind.PatternInput"/>
    /// instance, which <see cref="PatternInputValue"/> resolves). Null for a deconstruction subpattern.
    /// </summary>
    static IOperation? PatternInput(IPatternOperation pattern)
    {
        for (var parent = pattern.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IIsPatternOperation isPattern:
                    return isPattern.Value;
                case ISwitchExpressionOperation switchExpression:
                    return switchExpression.Value;
                case ISwitchOperation switchStatement:
                    return switchStatement.Value;
                case IPropertySubpatternOperation subpattern:
                    return subpattern.Member;
                case IBinaryPatternOperation or INegatedPatternOperation or ISwitchExpressionArmOperation or IPatternCaseClauseOperation or ISwitchCaseOperation:
                    continue;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>What a property subpattern's implicit receiver stands for: the value of the pattern the subpattern belongs to.</summary>
    static IOperation? PatternInputValue(IInstanceReferenceOperation input)
    {
        if (input.ReferenceKind != InstanceReferenceKind.PatternInput)
            return null;
        for (var parent = input.Parent; parent is not null; parent = parent.Parent)
            if (parent is IPropertySubpatternOperation { Parent: IRecursivePatternOperation recursive })
                return PatternInput(recursive);
        return null;
    }

    void Add<T>(List<T> list, T item)
    {
        lock (gate)
            list.Add(item);
    }

    void AddValue(ISymbol symbol, IOperation value)
    {
        lock (gate)
        {
            if (!values.TryGetValue(symbol, out var list))
                values[symbol] = list = new List<IOperation>();
            list.Add(value);
        }
    }

    static ISymbol? TargetSymbol(IOperation target) => target switch
    {
        ILocalReferenceOperation l => l.Local,
        IFieldReferenceOperation f => f.Field,
        IPropertyReferenceOperation { Property.IsIndexer: false } p => p.Property,
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };

    static IOperation? Argument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
            if (argument.Parameter?.Ordinal == ordinal)
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
        return null;
    }

    internal static IOperation Strip(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
            operation = conversion.Operand;
        return operation;
    }

    IReadOnlyList<IOperation> ValuesOf(ISymbol symbol) =>
        values.TryGetValue(symbol, out var list) ? list : (IReadOnlyList<IOperation>)System.Array.Empty<IOperation>();

    // ---- resolution (at the type's end, single-threaded)

    /// <summary>The member module an expression refers to: a field or property (a head, or a collection of heads), possibly through locals.</summary>
    ISymbol? ModuleSource(IOperation operation, int depth = 0)
    {
        if (depth > MaxDepth)
            return null;
        operation = Strip(operation);
        switch (operation)
        {
            case IFieldReferenceOperation f:
                return f.Field;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } collection }:
                return ModuleSource(collection, depth + 1);
            case IPropertyReferenceOperation p:
                return p.Property;
            case IArrayElementReferenceOperation a:
                return ModuleSource(a.ArrayReference, depth + 1);
            case ILocalReferenceOperation l:
                foreach (var value in ValuesOf(l.Local))
                    if (ModuleSource(value, depth + 1) is { } member)
                        return member;
                return null;
            case IInstanceReferenceOperation input when PatternInputValue(input) is { } value:
                return ModuleSource(value, depth + 1);
            default:
                return null;
        }
    }

    /// <summary>A head output reaching an expression: the head member and, when it was reshaped, the reshape call.</summary>
    sealed record HeadOutput(ISymbol Member, IInvocationOperation? Reshape);

    List<HeadOutput> HeadOutputs(IOperation? operation, int depth = 0, HashSet<ISymbol>? visited = null)
    {
        var result = new List<HeadOutput>();
        if (operation is null || depth > MaxDepth)
            return result;
        operation = Strip(operation);
        switch (operation)
        {
            case IInvocationOperation { Instance: { } instance } invocation when known.IsTensorMethod(invocation.TargetMethod):
                string name = invocation.TargetMethod.Name;
                if (KnownSymbols.Reshapes.Contains(name))
                {
                    foreach (var inner in HeadOutputs(instance, depth + 1, visited))
                        result.Add(inner with { Reshape = inner.Reshape ?? invocation });
                }
                else if (name is "contiguous" or "clone" or "to")
                {
                    result.AddRange(HeadOutputs(instance, depth + 1, visited));
                }
                break;
            case IInvocationOperation { TargetMethod.Name: "forward" or "call", Instance: { } module } when known.IsLinear(module.Type):
                if (ModuleSource(module) is { } member)
                    result.Add(new HeadOutput(member, null));
                break;
            case ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false }:
                var symbol = TargetSymbol(operation);
                visited ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                if (symbol is not null && visited.Add(symbol))
                    foreach (var value in ValuesOf(symbol))
                        result.AddRange(HeadOutputs(value, depth + 1, visited));
                break;
        }
        return result;
    }

    /// <summary>The member whose Linear weight an init call's tensor is (<c>head.weight</c>, possibly through locals); null otherwise.</summary>
    ISymbol? WeightOf(IOperation tensor, int depth = 0)
    {
        if (depth > MaxDepth)
            return null;
        tensor = Strip(tensor);
        switch (tensor)
        {
            case IPropertyReferenceOperation { Property.Name: "weight", Instance: { } instance } p when known.IsLinear(p.Property.ContainingType) || known.IsLinear(instance.Type):
                return ModuleSource(instance);
            case ILocalReferenceOperation l:
                foreach (var value in ValuesOf(l.Local))
                    if (WeightOf(value, depth + 1) is { } member)
                        return member;
                return null;
            default:
                return null;
        }
    }

    public void Report(SymbolAnalysisContext context)
    {
        contextToken = context.CancellationToken;
        try
        {
            ReportCore(context);
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception e) when (e is System.InvalidOperationException or System.ArgumentException or System.InvalidCastException
                                         or System.NullReferenceException or System.IndexOutOfRangeException or System.OverflowException)
        {
            // Never crash the compiler (AD0001): a flow this analyzer cannot read is reported as nothing.
        }
    }

    void ReportCore(SymbolAnalysisContext context)
    {
        var inferred = InferHeads();
        CheckHeadConstruction(context);
        var enumerations = Enumerations();
        var variables = new HashSet<ISymbol>(enumerations.Select(e => e.Value).Concat(enumerations.Select(e => e.Name).OfType<ISymbol>()), SymbolEqualityComparer.Default);

        foreach (var init in inits)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!IsClassical(init))
                continue;
            string call = CallName(init);
            if (WeightOf(init.Tensor) is { } member && HeadOf(member, inferred) is { } head)
            {
                var properties = head.Properties();
                if (head.CanFix && !CanReplace(init.Operation))
                    properties = properties.Remove(FixProperties.Fix);
                if (!init.IsInitFunction)
                    properties = properties.SetItem(FixProperties.TensorMethod, "true");
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ClassicalInitOnHead, init.Operation.Syntax.GetLocation(), properties, call, head.Describe()));
                continue;
            }
            foreach (var e in enumerations)
            {
                if (!InitsPart(e, init.Tensor, variables))
                    continue;
                var guards = Guards(init.Operation, e.Body);
                var reached = HeadParts(e, inferred).FirstOrDefault(part => Passes(guards, e, part, variables) == true);
                if (reached is null)
                    break;
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (ResetFixable(e, out bool calibrate))
                    properties = properties.Add(FixProperties.Fix, e.Method == "apply" ? FixProperties.ApplyFix : FixProperties.LoopFix)
                                           .Add(FixProperties.Calibrate, calibrate ? "true" : "false");
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ClassicalInitOnHead, init.Operation.Syntax.GetLocation(), properties, call, Describe(e, reached)));
                break;
            }
        }
    }

    /// <summary>For the message: which loop reaches which head.</summary>
    static string Describe(Enumeration e, HeadPart part)
    {
        string receiver = e.Receiver.Name;
        string head = part.Name is null ? "a hypernet head" : $"hypernet head {(e.Yields == Yields.Parameters ? "weight " : "")}'{part.Name}'";
        return e.Method == "apply"
            ? $"the modules of '{receiver}' that apply() visits, including {head}"
            : $"the {(e.Yields == Yields.Parameters ? "parameters" : "modules")} of '{receiver}' from {e.Method}(), including {head}";
    }

    static string CallName(InitCall init) =>
        (init.IsInitFunction ? "nn.init." : "Tensor.") + init.Operation.TargetMethod.Name;

    /// <summary>The call can be replaced by a HyperInit call (which returns double): its value must be unused.</summary>
    static bool CanReplace(IInvocationOperation invocation) =>
        invocation.Parent is IExpressionStatementOperation
        || (invocation.Parent is IReturnOperation { Parent: IBlockOperation { Parent: IAnonymousFunctionOperation lambda } } && lambda.Symbol.ReturnsVoid);

    bool IsClassical(InitCall init)
    {
        string name = init.Operation.TargetMethod.Name;
        if (init.IsInitFunction && KnownSymbols.ClassicalInitNames.Contains(name))
            return true;
        // uniform_(t, low, high) / normal_(t, mean, std) / trunc_normal_(t, mean, std); as tensor methods one position earlier.
        int scaleOrdinal = init.IsInitFunction ? 2 : 1;
        var scale = Argument(init.Operation, scaleOrdinal);
        return scale is not null && IsClassicalScale(scale, 0);
    }

    HeadInfo? HeadOf(ISymbol member, Dictionary<ISymbol, HeadInfo> inferred)
    {
        var attribute = known.HeadAttribute(member);
        if (attribute is not null)
            return FromAttribute(member, attribute);
        return inferred.TryGetValue(member, out var head) ? head : null;
    }

    /// <summary>
    /// The apply call or loop can become <c>receiver.ResetParameters(mode, calibrate)</c>: it is a statement over a
    /// generated hypernet that has that method, and it does nothing but init (replacing it must not drop other work).
    /// </summary>
    bool ResetFixable(Enumeration e, out bool calibrate)
    {
        calibrate = true;
        if (e.Receiver is not INamedTypeSymbol receiver || known.SpecOf(receiver, contextToken) is not { } spec)
            return false;
        if (e.Method == "apply" ? e.Node.Parent is not IExpressionStatementOperation : e.Node is not IForEachLoopOperation)
            return false;
        bool hasReset = false;
        for (var t = (INamedTypeSymbol?)receiver; t is not null && !hasReset; t = t.BaseType)
            hasReset = t.GetMembers("ResetParameters").OfType<IMethodSymbol>().Any(m =>
                m.Parameters.Length == 2 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, known.HyperfanMode)
                && m.Parameters[1].Type.SpecialType == SpecialType.System_Boolean && m.DeclaredAccessibility == Accessibility.Public);
        if (!hasReset)
            return false;
        var body = e.Method == "apply" ? ((IInvocationOperation)e.Node).Arguments[0].Value : ((IForEachLoopOperation)e.Node).Body;
        foreach (var invocation in body.DescendantsAndSelf().OfType<IInvocationOperation>())
        {
            var method = invocation.TargetMethod;
            bool initLike = known.IsInitCall(method) || (known.IsTensorMethod(method) && (method.Name.EndsWith("_", System.StringComparison.Ordinal) || method.Name is "dim" or "size"))
                            || (method.Name == "no_grad" && SymbolEqualityComparer.Default.Equals(method.ContainingType, known.Torch))
                            || method.ContainingType?.SpecialType == SpecialType.System_String;
            if (!initLike)
                return false;
        }
        calibrate = spec.Calibrate;
        return true;
    }

    // ---- heads from the attribute (generated or hand-marked)

    HeadInfo FromAttribute(ISymbol member, AttributeData attribute)
    {
        var shape = ImmutableArray<long?>.Empty;
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Array, IsNull: false } array)
            shape = array.Values.Select(v => v.Value is int i ? (long?)i : null).ToImmutableArray();
        var activation = Activation.Identity;
        var role = TensorRole.Weight;
        double slope = HeadInfo.DefaultNegativeSlope, moment = 1.0;
        bool biasGenerated = true;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "Activation" when named.Value.Value is int a && System.Enum.IsDefined(typeof(Activation), a):
                    activation = (Activation)a;
                    break;
                case "Role" when named.Value.Value is int r && System.Enum.IsDefined(typeof(TensorRole), r):
                    role = (TensorRole)r;
                    break;
                case "NegativeSlope" when named.Value.Value is double s:
                    slope = s;
                    break;
                case "EmbeddingSecondMoment" when named.Value.Value is double m:
                    moment = m;
                    break;
                case "BiasGenerated" when named.Value.Value is bool b:
                    biasGenerated = b;
                    break;
            }
        }
        bool valid = shape.Length is > 0 and <= 5 && shape.All(d => d is > 0);
        var expressions = valid ? shape.Select(d => d!.Value.ToString(CultureInfo.InvariantCulture)).ToImmutableArray() : ImmutableArray<string>.Empty;
        string? momentExpression = moment == 1.0 || !(moment > 0) ? null : HeadInfo.Literal(moment);
        return new HeadInfo(member.Name, HeadSource.Attribute, role, expressions, shape, activation, slope, biasGenerated, momentExpression);
    }

    static bool IsGenerated(ISymbol member) =>
        member.Locations.Length > 0 && member.Locations.All(l => GeneratedNames.IsGeneratedFile(l.SourceTree?.FilePath));
}
