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
internal sealed partial class TypeFlow(INamedTypeSymbol type, KnownSymbols known, ConcurrentDictionary<ITypeSymbol, bool> containsHeadsCache)
{
    const int MaxDepth = 6;

    readonly object gate = new();
    readonly List<InitCall> inits = new();
    readonly List<IInvocationOperation> consumers = new();
    readonly List<IInvocationOperation> applies = new();
    readonly Dictionary<ISymbol, List<IOperation>> values = new(SymbolEqualityComparer.Default);
    readonly HashSet<ISymbol> fanLocals = new(SymbolEqualityComparer.Default);

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
        // foreach (var head in heads): the loop variable stands for the collection's elements.
        if (context.Operation is IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation declarator } loop)
            AddValue(declarator.Symbol, loop.Collection);
    }

    public void OnDeclarationPattern(OperationAnalysisContext context)
    {
        // m is Linear l: l is m.
        var pattern = (IDeclarationPatternOperation)context.Operation;
        if (pattern.DeclaredSymbol is null)
            return;
        for (var parent = pattern.Parent; parent is not null; parent = parent.Parent)
        {
            IOperation? matched = parent switch
            {
                IIsPatternOperation isPattern => isPattern.Value,
                ISwitchExpressionOperation switchExpression => switchExpression.Value,
                ISwitchOperation switchStatement => switchStatement.Value,
                _ => null,
            };
            if (matched is not null)
            {
                AddValue(pattern.DeclaredSymbol, matched);
                return;
            }
        }
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

    /// <summary>The module an expression refers to: a field/property member (a head, or a collection of heads), or a lambda/method parameter (apply loops).</summary>
    (ISymbol? Member, IParameterSymbol? Parameter) ModuleSource(IOperation operation, int depth = 0)
    {
        if (depth > MaxDepth)
            return default;
        operation = Strip(operation);
        switch (operation)
        {
            case IFieldReferenceOperation f:
                return (f.Field, null);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } collection }:
                return ModuleSource(collection, depth + 1);
            case IPropertyReferenceOperation p:
                return (p.Property, null);
            case IArrayElementReferenceOperation a:
                return ModuleSource(a.ArrayReference, depth + 1);
            case IParameterReferenceOperation p:
                return (null, p.Parameter);
            case ILocalReferenceOperation l:
                foreach (var value in ValuesOf(l.Local))
                {
                    var source = ModuleSource(value, depth + 1);
                    if (source.Member is not null || source.Parameter is not null)
                        return source;
                }
                return default;
            default:
                return default;
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
                if (ModuleSource(module).Member is { } member)
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

    /// <summary>The head whose weight an init call's tensor is (<c>head.weight</c>, possibly through locals).</summary>
    (ISymbol? Member, IParameterSymbol? Parameter, bool IsLinearWeight) WeightOf(IOperation tensor, int depth = 0)
    {
        if (depth > MaxDepth)
            return default;
        tensor = Strip(tensor);
        switch (tensor)
        {
            case IPropertyReferenceOperation { Property.Name: "weight", Instance: { } instance } p when known.IsLinear(p.Property.ContainingType) || known.IsLinear(instance.Type):
                var (member, parameter) = ModuleSource(instance);
                return (member, parameter, true);
            case ILocalReferenceOperation l:
                foreach (var value in ValuesOf(l.Local))
                {
                    var source = WeightOf(value, depth + 1);
                    if (source.IsLinearWeight)
                        return source;
                }
                return default;
            default:
                return default;
        }
    }

    public void Report(SymbolAnalysisContext context)
    {
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

        var applyTargets = new Dictionary<ISymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
        foreach (var apply in applies)
        {
            var target = apply.Arguments.Length > 0 ? Strip(apply.Arguments[0].Value) : null;
            ISymbol? function = target switch
            {
                IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Symbol,
                IDelegateCreationOperation { Target: IMethodReferenceOperation method } => method.Method.OriginalDefinition,
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                _ => null,
            };
            if (function is not null && !applyTargets.ContainsKey(function))
                applyTargets[function] = apply;
        }

        foreach (var init in inits)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var (member, parameter, isLinearWeight) = WeightOf(init.Tensor);
            if (!isLinearWeight)
                continue;
            string call = CallName(init);
            if (member is not null && HeadOf(member, inferred) is { } head)
            {
                if (!IsClassical(init))
                    continue;
                var properties = head.Properties();
                if (head.CanFix && !CanReplace(init.Operation))
                    properties = properties.Remove(FixProperties.Fix);
                if (!init.IsInitFunction)
                    properties = properties.SetItem(FixProperties.TensorMethod, "true");
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ClassicalInitOnHead, init.Operation.Syntax.GetLocation(), properties, call, head.Describe()));
            }
            else if (parameter is not null && applyTargets.TryGetValue(parameter.ContainingSymbol.OriginalDefinition, out var apply)
                     && ApplyReceiver(apply) is { } receiver && ContainsHeads(receiver, inferred.Count > 0, 0))
            {
                if (!IsClassical(init))
                    continue;
                var properties = ImmutableDictionary<string, string?>.Empty;
                if (ApplyFixable(apply, receiver, out bool calibrate))
                    properties = properties.Add(FixProperties.Fix, FixProperties.ApplyFix).Add(FixProperties.Calibrate, calibrate ? "true" : "false");
                string what = $"every Linear of '{receiver.Name}' (apply), including its hypernet heads";
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.ClassicalInitOnHead, init.Operation.Syntax.GetLocation(), properties, call, what));
            }
        }
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
        if (inferred.TryGetValue(member, out var head))
            return head;
        // A Linear the generator declared in a [Hypernet] class without [HypernetHead] (the chunked form's shared
        // head, which generates chunks of many tensors): every generated Linear but the hidden layers is a head.
        if (member is IFieldSymbol { Type: var fieldType } && known.IsLinear(fieldType) && IsGenerated(member)
            && !member.Name.StartsWith("hidden", System.StringComparison.Ordinal) && known.HasHypernetAttribute(member.ContainingType))
            return new HeadInfo(member.Name, HeadSource.Generated, TensorRole.Weight, ImmutableArray<string>.Empty, ImmutableArray<long?>.Empty,
                Activation.Identity, HeadInfo.DefaultNegativeSlope, true, null, "generated by HyperGen for '" + member.ContainingType.Name + "'; use ResetParameters(HyperfanMode, calibrate)");
        return null;
    }

    static INamedTypeSymbol? ApplyReceiver(IInvocationOperation apply) => apply.Instance switch
    {
        IInstanceReferenceOperation i => i.Type as INamedTypeSymbol,
        { } instance => Strip(instance).Type as INamedTypeSymbol,
        null => null,
    };

    /// <summary>A module type that holds hypernet heads: a [Hypernet] class, [HypernetHead] members, inferred heads, or a member module that does.</summary>
    bool ContainsHeads(ITypeSymbol candidate, bool thisTypeHasInferredHeads, int depth)
    {
        if (SymbolEqualityComparer.Default.Equals(candidate, type) && thisTypeHasInferredHeads)
            return true;
        if (depth > 3)
            return false;
        if (containsHeadsCache.TryGetValue(candidate, out bool cached))
            return cached;
        bool result = false;
        if (candidate is INamedTypeSymbol named && (known.HasHypernetAttribute(named) || named.GetMembers().Any(m => m is IFieldSymbol or IPropertySymbol && known.HasHeadAttribute(m))))
            result = true;
        else if (candidate is INamedTypeSymbol { SpecialType: SpecialType.None } container && known.IsModule(container))
        {
            foreach (var member in container.GetMembers())
            {
                var memberType = member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
                if (memberType is not INamedTypeSymbol memberNamed || known.IsLinear(memberNamed) || SymbolEqualityComparer.Default.Equals(memberNamed, container))
                    continue;
                var parts = memberNamed.TypeArguments.OfType<INamedTypeSymbol>().Append(memberNamed);
                if (parts.Any(p => known.IsModule(p) && !known.IsLinear(p) && ContainsHeads(p, false, depth + 1)))
                {
                    result = true;
                    break;
                }
            }
        }
        if (depth == 0 || result)
            containsHeadsCache.TryAdd(candidate, result);
        return result;
    }

    static IEnumerable<INamedTypeSymbol> BaseTypesAndSelf(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
            yield return t;
    }

    /// <summary>The apply statement can become <c>receiver.ResetParameters(mode, calibrate)</c>.</summary>
    bool ApplyFixable(IInvocationOperation apply, INamedTypeSymbol receiver, out bool calibrate)
    {
        calibrate = true;
        if (apply.Parent is not IExpressionStatementOperation || !known.HasHypernetAttribute(receiver))
            return false;
        // ResetParameters(mode, calibrate) is declared by the runtime base generated hypernets derive from.
        bool hasReset = BaseTypesAndSelf(receiver).SelectMany(t => t.GetMembers("ResetParameters")).OfType<IMethodSymbol>().Any(m =>
            m.Parameters.Length == 2 && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, known.HyperfanMode)
            && m.Parameters[1].Type.SpecialType == SpecialType.System_Boolean && m.DeclaredAccessibility == Accessibility.Public);
        if (!hasReset)
            return false;
        // Only a loop that does nothing but init: replacing it must not drop other work.
        foreach (var invocation in apply.Arguments[0].Value.Descendants().OfType<IInvocationOperation>())
        {
            var method = invocation.TargetMethod;
            bool initLike = known.IsInitCall(method) || (known.IsTensorMethod(method) && method.Name.EndsWith("_", System.StringComparison.Ordinal))
                            || (method.Name == "no_grad" && SymbolEqualityComparer.Default.Equals(method.ContainingType, known.Torch));
            if (!initLike)
                return false;
        }
        foreach (var a in receiver.GetAttributes())
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, known.HypernetAttribute))
                foreach (var named in a.NamedArguments)
                    if (named.Key == "Calibrate" && named.Value.Value is bool b)
                        calibrate = b;
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
        bool generated = IsGenerated(member);
        var expressions = ImmutableArray<string>.Empty;
        string? momentExpression = moment == 1.0 || !(moment > 0) ? null : HeadInfo.Literal(moment);
        if (valid)
        {
            expressions = shape.Select(d => d!.Value.ToString(CultureInfo.InvariantCulture)).ToImmutableArray();
            if (generated && GeneratedTargetDims(member, shape.Length) is { } dims)
                expressions = dims;
            if (generated && member.ContainingType.GetMembers("ExpectedHeadInputMoment").Any(m => m.IsStatic))
                momentExpression = "ExpectedHeadInputMoment";
        }
        return new HeadInfo(member.Name, generated ? HeadSource.Generated : HeadSource.Attribute, role, expressions, shape,
            activation, slope, biasGenerated, momentExpression);
    }

    static bool IsGenerated(ISymbol member) =>
        member.Locations.Length > 0 && member.Locations.All(l => l.SourceTree?.FilePath.EndsWith(".Hypernet.g.cs", System.StringComparison.Ordinal) == true);

    /// <summary><c>Targets.Layer1Weight.Dim0</c>… for the generated head <c>layer1WeightHead</c> (or <c>layer1BiasHead</c>: its layer's weight).</summary>
    static ImmutableArray<string>? GeneratedTargetDims(ISymbol member, int rank)
    {
        string name = member.Name;
        if (!name.EndsWith("Head", System.StringComparison.Ordinal))
            return null;
        string target = name.Substring(0, name.Length - 4);
        if (target.EndsWith("Bias", System.StringComparison.Ordinal))
            target = target.Substring(0, target.Length - 4) + "Weight";
        target = target.Length == 0 ? target : char.ToUpperInvariant(target[0]) + target.Substring(1);
        var targets = member.ContainingType.GetTypeMembers("Targets").FirstOrDefault();
        var nested = targets?.GetTypeMembers(target).FirstOrDefault();
        if (nested is null)
            return null;
        var dims = Enumerable.Range(0, rank).Select(i => "Dim" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        if (!dims.All(d => nested.GetMembers(d).Any(m => m is IFieldSymbol { IsConst: true })))
            return null;
        return dims.Select(d => $"Targets.{target}.{d}").ToImmutableArray();
    }
}
