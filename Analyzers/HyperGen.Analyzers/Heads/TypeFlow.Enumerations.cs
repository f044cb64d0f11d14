using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HyperGen.Analyzers.Heads;

// Inits that reach hypernet heads without naming them: a loop over a module's parts —
//     model.apply(m => { if (m is Linear l) init.xavier_uniform_(l.weight); });
//     foreach (var (name, p) in model.named_parameters()) init.xavier_uniform_(p);
//     foreach (var (name, m) in model.named_modules()) if (m is Linear l) init.kaiming_normal_(l.weight);
// The heads of the receiver are looked up, with their registered names, from the generator's spec (the names
// contract in Spec/Names.cs), from [HypernetHead] members and from the heads inferred in this type. The loop's
// guards (enclosing ifs, `if (…) continue;` before the init) are evaluated for each head: an init is reported
// only when some head certainly passes them, so a loop that skips heads (`if (name.Contains("Head")) continue;`)
// or cannot be read is not.
internal sealed partial class TypeFlow
{
    /// <summary>What a loop yields: parameters (<c>parameters()</c>, <c>named_parameters()</c>) or modules (the others, and <c>apply</c>).</summary>
    enum Yields { Parameters, Modules }

    /// <summary>
    /// A loop over a module's parts. <paramref name="Value"/> is the variable holding each part (a loop variable or the
    /// apply function's parameter); <paramref name="Name"/> the one holding its name, if any; when the loop variable is
    /// the (name, part) tuple itself, <paramref name="Tuple"/> is set and both are its elements.
    /// </summary>
    sealed record Enumeration(IOperation Node, IOperation? Body, ITypeSymbol Receiver, string Method, Yields Yields, bool DirectOnly,
        ISymbol Value, ISymbol? Name, bool Tuple);

    /// <summary>A head as a loop sees it: its registered name (null when a container's naming is not known) and rank.</summary>
    internal sealed record HeadPart(string? Name, int Rank);

    static readonly ImmutableHashSet<string> EnumerationMethods = ImmutableHashSet.Create(
        "parameters", "named_parameters", "modules", "named_modules", "children", "named_children");

    readonly List<IForEachLoopOperation> loops = new();

    void CollectEnumerationLoop(IForEachLoopOperation loop)
    {
        if (Strip(loop.Collection) is IInvocationOperation { TargetMethod.Name: var name } call && EnumerationMethods.Contains(name) && known.IsModule(call.TargetMethod.ContainingType))
            Add(loops, loop);
    }

    /// <summary>The loops and apply calls of this type as enumerations (at the type's end).</summary>
    List<Enumeration> Enumerations()
    {
        var result = new List<Enumeration>();
        foreach (var loop in loops)
        {
            var call = (IInvocationOperation)Strip(loop.Collection);
            if (Receiver(call) is not { } receiver)
                continue;
            string method = call.TargetMethod.Name;
            // named_parameters(recurse: false) yields the receiver's own parameters only, never a head's.
            bool direct = method is "children" or "named_children"
                          || call.Arguments.Any(a => a.Parameter?.Name == "recurse" && a.Value.ConstantValue is { HasValue: true, Value: false });
            var yields = method.EndsWith("parameters", System.StringComparison.Ordinal) ? Yields.Parameters : Yields.Modules;
            var variables = loop.LoopControlVariable switch
            {
                IVariableDeclaratorOperation d => new List<ISymbol> { d.Symbol },
                { } control => control.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Select(l => (ISymbol)l.Local).ToList(),
                null => new List<ISymbol>(),
            };
            bool named = method.StartsWith("named_", System.StringComparison.Ordinal);
            if (variables.Count == 1)
                result.Add(new Enumeration(loop, loop.Body, receiver, method, yields, direct, variables[0], null, Tuple: named));
            else if (variables.Count == 2 && named)
                result.Add(new Enumeration(loop, loop.Body, receiver, method, yields, direct, variables[1], variables[0], Tuple: false));
        }
        foreach (var apply in applies)
        {
            if (Receiver(apply) is not { } receiver || apply.Arguments.Length == 0)
                continue;
            var (function, body) = Strip(apply.Arguments[0].Value) switch
            {
                IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => ((IMethodSymbol?)lambda.Symbol, (IOperation?)lambda.Body),
                IAnonymousFunctionOperation lambda => (lambda.Symbol, lambda.Body),
                IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => (reference.Method.OriginalDefinition, null),
                _ => (null, null),
            };
            if (function is { Parameters.Length: 1 })
                result.Add(new Enumeration(apply, body, receiver, "apply", Yields.Modules, false, function.Parameters[0], null, Tuple: false));
        }
        return result;
    }

    static ITypeSymbol? Receiver(IInvocationOperation call) => call.Instance switch
    {
        IInstanceReferenceOperation i => i.Type,
        { } instance => Strip(instance).Type,
        null => null,
    };

    /// <summary>The loop variable (and tuple element, -1 for none) an expression stands for, through locals, casts and patterns.</summary>
    (ISymbol? Symbol, int Element) Root(IOperation operation, ISet<ISymbol> variables, int depth = 0)
    {
        if (depth > MaxDepth)
            return default;
        operation = Strip(operation);
        switch (operation)
        {
            case ILocalReferenceOperation local when variables.Contains(local.Local):
                return (local.Local, -1);
            case IParameterReferenceOperation parameter when variables.Contains(parameter.Parameter.OriginalDefinition):
                return (parameter.Parameter.OriginalDefinition, -1);
            case IParameterReferenceOperation parameter when variables.Contains(parameter.Parameter):
                return (parameter.Parameter, -1);
            case ILocalReferenceOperation local:
                var values = ValuesOf(local.Local);
                return values.Count == 1 ? Root(values[0], variables, depth + 1) : default;
            case IInstanceReferenceOperation input when PatternInputValue(input) is { } value:
                return Root(value, variables, depth + 1);
            case IFieldReferenceOperation { Field.ContainingType.IsTupleType: true, Instance: { } tuple } field
                when Root(tuple, variables, depth + 1) is { Symbol: { } symbol, Element: -1 }:
                string item = (field.Field.CorrespondingTupleField ?? field.Field).Name;
                return item.StartsWith("Item", System.StringComparison.Ordinal) && int.TryParse(item.Substring(4), out int n) ? (symbol, n - 1) : default;
            default:
                return default;
        }
    }

    bool IsValue(Enumeration e, (ISymbol? Symbol, int Element) root) =>
        SymbolEqualityComparer.Default.Equals(root.Symbol, e.Value) && root.Element == (e.Tuple ? 1 : -1);

    bool IsName(Enumeration e, (ISymbol? Symbol, int Element) root) =>
        e.Tuple ? SymbolEqualityComparer.Default.Equals(root.Symbol, e.Value) && root.Element == 0
                : e.Name is not null && SymbolEqualityComparer.Default.Equals(root.Symbol, e.Name) && root.Element == -1;

    /// <summary>The init's tensor is the loop's part (parameters) or the <c>weight</c> of the loop's part seen as a Linear (modules).</summary>
    bool InitsPart(Enumeration e, IOperation tensor, ISet<ISymbol> variables, int depth = 0)
    {
        tensor = Strip(tensor);
        if (e.Yields == Yields.Parameters)
            return IsValue(e, Root(tensor, variables));
        // A local that holds the weight: m is Linear { weight: var w } (one value only, as Root requires).
        if (tensor is ILocalReferenceOperation local && !variables.Contains(local.Local) && ValuesOf(local.Local) is { Count: 1 } held && depth < MaxDepth)
            return InitsPart(e, held[0], variables, depth + 1);
        return tensor is IPropertyReferenceOperation { Property.Name: "weight", Instance: { } module } weight
               && (known.IsLinear(weight.Property.ContainingType) || known.IsLinear(module.Type))
               && IsValue(e, Root(module, variables));
    }

    /// <summary>The heads a loop over its receiver can reach, with their names relative to it.</summary>
    List<HeadPart> HeadParts(Enumeration e, Dictionary<ISymbol, HeadInfo> inferred)
    {
        // named_parameters(recurse: false) yields the receiver's own parameters; a head's belong to the head.
        if (e.Yields == Yields.Parameters && e.DirectOnly)
            return new List<HeadPart>();
        var modules = new List<string?>();
        if (SymbolEqualityComparer.Default.Equals(e.Receiver, type))
            modules.AddRange(inferred.Keys.Where(m => m is IFieldSymbol).Select(m => (string?)m.Name));
        modules.AddRange(HeadModules(e.Receiver, e.DirectOnly));
        var distinct = modules.Distinct().ToList();
        return e.Yields == Yields.Parameters
            ? distinct.Select(m => new HeadPart(m is null ? null : m + ".weight", 2)).ToList()
            : distinct.Select(m => new HeadPart(m, 0)).ToList();
    }

    /// <summary>Registered names of the hypernet heads inside a module type (cached per type for the compilation).</summary>
    ImmutableArray<string?> HeadModules(ITypeSymbol receiver, bool directOnly)
    {
        if (directOnly)
            return DirectHeads(receiver, contextToken).ToImmutableArray();
        if (headModulesCache.TryGetValue(receiver, out var cached))
            return cached;
        var found = new List<string?>();
        CollectHeadModules(receiver, "", 0, found);
        var result = found.ToImmutableArray();
        headModulesCache.TryAdd(receiver, result);
        return result;
    }

    IEnumerable<string?> DirectHeads(ITypeSymbol t, System.Threading.CancellationToken ct)
    {
        if (t is not INamedTypeSymbol named)
            yield break;
        if (known.HasHypernetAttribute(named))
        {
            // The generator's own names; nothing when the class has an error (then no hypernet is built).
            if (known.SpecOf(named, ct) is { } spec)
                foreach (var head in GeneratedNames.HeadModuleNames(spec))
                    yield return head;
            yield break;
        }
        if (known.IsRuntimeHypernet(named))
        {
            // HypernetModule (or a sibling) as such: some generated hypernet, whose heads' names are not known here.
            yield return null;
            yield break;
        }
        foreach (var member in named.GetMembers())
            if (member is IFieldSymbol or IPropertySymbol && !member.IsStatic && known.HasHeadAttribute(member))
                yield return member.Name;
    }

    void CollectHeadModules(ITypeSymbol t, string? prefix, int depth, List<string?> found)
    {
        foreach (var head in DirectHeads(t, contextToken))
            found.Add(prefix is null || head is null ? null : prefix + head);
        if (depth >= 3 || t is not INamedTypeSymbol { SpecialType: SpecialType.None } container || !known.IsModule(container)
            || known.HasHypernetAttribute(container) || known.IsRuntimeHypernet(container))
            return;
        foreach (var member in container.GetMembers())
        {
            if (member.IsStatic || member is not (IFieldSymbol or IPropertySymbol) || member.IsImplicitlyDeclared)
                continue;
            var memberType = member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
            if (memberType is not INamedTypeSymbol named || known.IsLinear(named) || SymbolEqualityComparer.Default.Equals(named, container))
                continue;
            if (known.IsModule(named) && named.TypeArguments.IsEmpty)
                CollectHeadModules(named, prefix is null ? null : prefix + member.Name + ".", depth + 1, found);
            // ModuleList<T>, ModuleDict<T>, Sequential-like containers: their children's names are indices or keys.
            foreach (var argument in named.TypeArguments.OfType<INamedTypeSymbol>())
                if (known.IsModule(argument) && !known.IsLinear(argument))
                    CollectHeadModules(argument, null, depth + 1, found);
        }
    }

    // ---- guards

    /// <summary>The conditions the init is under inside the loop body: enclosing if/?: branches, and `if (…) continue;` before it.</summary>
    static List<(IOperation Condition, bool Expected)> Guards(IOperation init, IOperation? body)
    {
        var guards = new List<(IOperation, bool)>();
        for (IOperation? child = init, parent = init.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when ReferenceEquals(child, conditional.WhenTrue):
                    guards.Add((conditional.Condition, true));
                    break;
                case IConditionalOperation conditional when ReferenceEquals(child, conditional.WhenFalse):
                    guards.Add((conditional.Condition, false));
                    break;
                case IBlockOperation block:
                    foreach (var statement in block.Operations.TakeWhile(o => !ReferenceEquals(o, child)))
                        if (statement is IConditionalOperation { WhenFalse: null } skip && Leaves(skip.WhenTrue))
                            guards.Add((skip.Condition, false));
                    break;
            }
            if (ReferenceEquals(parent, body) || parent is IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation)
                break;
        }
        return guards;
    }

    static bool Leaves(IOperation operation) => operation switch
    {
        IBranchOperation { BranchKind: BranchKind.Continue or BranchKind.Break } or IReturnOperation => true,
        IBlockOperation { Operations.Length: > 0 } block => Leaves(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };

    /// <summary>True when every guard certainly holds for the head part; false or null (cannot tell) otherwise.</summary>
    bool? Passes(List<(IOperation Condition, bool Expected)> guards, Enumeration e, HeadPart part, ISet<ISymbol> variables)
    {
        bool? all = true;
        foreach (var (condition, expected) in guards)
        {
            var value = Evaluate(condition, e, part, variables, 0);
            all = And(all, value is null ? null : value == expected);
            if (all == false)
                return false;
        }
        return all;
    }

    static bool? And(bool? a, bool? b) => a == false || b == false ? false : a == true && b == true ? true : null;
    static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a == false && b == false ? false : null;
    static bool? Not(bool? a) => a is null ? null : !a.Value;

    /// <summary>A condition's value for one head part (Kleene logic: null when it depends on anything but the part's name and kind).</summary>
    bool? Evaluate(IOperation condition, Enumeration e, HeadPart part, ISet<ISymbol> variables, int depth)
    {
        if (depth > MaxDepth)
            return null;
        condition = Strip(condition);
        if (condition.ConstantValue is { HasValue: true, Value: bool constant })
            return constant;
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Not(Evaluate(not.Operand, e, part, variables, depth + 1));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } both when both.Type?.SpecialType == SpecialType.System_Boolean:
                return And(Evaluate(both.LeftOperand, e, part, variables, depth + 1), Evaluate(both.RightOperand, e, part, variables, depth + 1));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } either when either.Type?.SpecialType == SpecialType.System_Boolean:
                return Or(Evaluate(either.LeftOperand, e, part, variables, depth + 1), Evaluate(either.RightOperand, e, part, variables, depth + 1));
            case IBinaryOperation compare:
                return Compare(compare.OperatorKind, compare.LeftOperand, compare.RightOperand, e, part, variables);
            case IIsTypeOperation isType when IsValue(e, Root(isType.ValueOperand, variables)) && e.Yields == Yields.Modules:
                return IsLinearType(isType.TypeOperand) ^ isType.IsNegated;
            case IIsPatternOperation isPattern:
                return Match(isPattern.Pattern, isPattern.Value, e, part, variables);
            case IInvocationOperation call:
                return StringTest(call, e, part, variables);
            default:
                return null;
        }
    }

    bool IsLinearType(ITypeSymbol t) => known.IsLinear(t) || (known.Linear is { } linear && IsBaseOf(t, linear));

    static bool IsBaseOf(ITypeSymbol candidate, ITypeSymbol derived)
    {
        for (var b = derived; b is not null; b = b.BaseType)
            if (SymbolEqualityComparer.Default.Equals(b, candidate))
                return true;
        return false;
    }

    bool? Match(IPatternOperation pattern, IOperation value, Enumeration e, HeadPart part, ISet<ISymbol> variables)
    {
        switch (pattern)
        {
            case INegatedPatternOperation negated:
                return Not(Match(negated.Pattern, value, e, part, variables));
            case IBinaryPatternOperation binary:
                var left = Match(binary.LeftPattern, value, e, part, variables);
                var right = Match(binary.RightPattern, value, e, part, variables);
                return binary.OperatorKind == BinaryOperatorKind.And ? And(left, right) : Or(left, right);
            case IDeclarationPatternOperation { MatchedType: { } matched } when e.Yields == Yields.Modules && IsValue(e, Root(value, variables)):
                return IsLinearType(matched);
            case ITypePatternOperation typePattern when e.Yields == Yields.Modules && IsValue(e, Root(value, variables)):
                return IsLinearType(typePattern.MatchedType);
            case IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } }:
                return IsNull(value, e, variables);
            case IConstantPatternOperation constant:
                return Compare(BinaryOperatorKind.Equals, value, constant.Value, e, part, variables);
            case IRecursivePatternOperation { DeconstructionSubpatterns.IsEmpty: true, MatchedType: { } matched } recursive
                when e.Yields == Yields.Modules && IsValue(e, Root(value, variables)):
                // Linear { weight: { } w }: a head's weight is never null, so subpatterns that only capture it (or test it
                // for non-null) pass; any other subpattern is a test this analysis cannot read.
                if (!IsLinearType(matched))
                    return false;
                return recursive.PropertySubpatterns.All(p => OnlyCaptures(p.Pattern)) ? true : null;
            case IRelationalPatternOperation relational:
                return Compare(relational.OperatorKind, value, relational.Value, e, part, variables);
            default:
                return null;
        }
    }

    /// <summary><c>var w</c>, <c>{ } w</c>, <c>Tensor w</c>, <c>not null</c>: true of any non-null value.</summary>
    static bool OnlyCaptures(IPatternOperation pattern) => pattern switch
    {
        IDeclarationPatternOperation d => d.MatchesNull || SameType(d.MatchedType, d.InputType), // var w, or the property's own type
        IRecursivePatternOperation { DeconstructionSubpatterns.IsEmpty: true, PropertySubpatterns.IsEmpty: true } r => SameType(r.MatchedType, r.InputType),
        INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } } => true,
        _ => false,
    };

    static bool SameType(ITypeSymbol? a, ITypeSymbol b) =>
        a is null || SymbolEqualityComparer.Default.Equals(a.WithNullableAnnotation(NullableAnnotation.None), b.WithNullableAnnotation(NullableAnnotation.None));

    bool? Compare(BinaryOperatorKind kind, IOperation left, IOperation right, Enumeration e, HeadPart part, ISet<ISymbol> variables)
    {
        if (kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals)
        {
            var isNull = right.ConstantValue is { HasValue: true, Value: null } ? IsNull(left, e, variables)
                       : left.ConstantValue is { HasValue: true, Value: null } ? IsNull(right, e, variables) : null;
            if (isNull is not null)
                return kind == BinaryOperatorKind.Equals ? isNull : !isNull;
        }
        if (Text(left, e, part, variables) is { } a && Text(right, e, part, variables) is { } b)
            return kind switch
            {
                BinaryOperatorKind.Equals => a == b,
                BinaryOperatorKind.NotEquals => a != b,
                _ => null,
            };
        if (Number(left, e, part, variables) is long x && Number(right, e, part, variables) is long y)
            return kind switch
            {
                BinaryOperatorKind.Equals => x == y,
                BinaryOperatorKind.NotEquals => x != y,
                BinaryOperatorKind.LessThan => x < y,
                BinaryOperatorKind.LessThanOrEqual => x <= y,
                BinaryOperatorKind.GreaterThan => x > y,
                BinaryOperatorKind.GreaterThanOrEqual => x >= y,
                _ => null,
            };
        return null;
    }

    /// <summary>
    /// Whether a module the loop yields is null here: never, unless it went through <c>m as T</c> — then exactly
    /// when a head (a Linear) is no <c>T</c>.
    /// </summary>
    bool? IsNull(IOperation operation, Enumeration e, ISet<ISymbol> variables, int depth = 0)
    {
        if (depth > MaxDepth || e.Yields != Yields.Modules)
            return null;
        switch (operation)
        {
            case IConversionOperation { IsTryCast: true, Type: { } target } cast:
                return IsValue(e, Root(cast.Operand, variables)) ? !IsLinearType(target) : null;
            case IConversionOperation { IsImplicit: true } conversion:
                return IsNull(conversion.Operand, e, variables, depth + 1);
            case ILocalReferenceOperation local when SymbolEqualityComparer.Default.Equals(local.Local, e.Value):
                return false;
            case IParameterReferenceOperation parameter when SymbolEqualityComparer.Default.Equals(parameter.Parameter.OriginalDefinition, e.Value):
                return false;
            case ILocalReferenceOperation local when ValuesOf(local.Local) is { Count: 1 } values:
                return IsNull(values[0], e, variables, depth + 1);
            default:
                return null;
        }
    }

    /// <summary><c>name.StartsWith/EndsWith/Contains/Equals("…")</c> (ordinal, or ignoring case) and <c>string.Equals(name, "…")</c>.</summary>
    bool? StringTest(IInvocationOperation call, Enumeration e, HeadPart part, ISet<ISymbol> variables)
    {
        if (call.TargetMethod.ContainingType?.SpecialType != SpecialType.System_String)
            return null;
        var operands = call.Arguments.Where(a => a.Value.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Char).Select(a => a.Value).ToList();
        if (call.Instance is not null)
            operands.Insert(0, call.Instance);
        if (operands.Count != 2 || Text(operands[0], e, part, variables) is not { } text || Text(operands[1], e, part, variables) is not { } argument)
            return null;
        var comparison = call.Arguments.Any(a => a.Value.ConstantValue.Value is int c && c is 1 or 3 or 5) // *IgnoreCase members of StringComparison
            ? System.StringComparison.OrdinalIgnoreCase : System.StringComparison.Ordinal;
        return call.TargetMethod.Name switch
        {
            "StartsWith" => text.StartsWith(argument, comparison),
            "EndsWith" => text.EndsWith(argument, comparison),
            "Contains" => text.IndexOf(argument, comparison) >= 0,
            "Equals" => string.Equals(text, argument, comparison),
            _ => null,
        };
    }

    string? Text(IOperation operation, Enumeration e, HeadPart part, ISet<ISymbol> variables)
    {
        operation = Strip(operation);
        if (operation.ConstantValue is { HasValue: true, Value: string s })
            return s;
        if (operation.ConstantValue is { HasValue: true, Value: char c })
            return c.ToString();
        return IsName(e, Root(operation, variables)) ? part.Name : null;
    }

    /// <summary>Integer constants, and the rank of a parameter the loop yields: <c>p.dim()</c>, <c>p.ndim</c>, <c>p.Dimensions</c>, <c>p.shape.Length</c>.</summary>
    long? Number(IOperation operation, Enumeration e, HeadPart part, ISet<ISymbol> variables)
    {
        operation = Strip(operation);
        if (operation.ConstantValue is { HasValue: true, Value: { } constant })
            return constant switch { int i => i, long l => l, _ => null };
        if (e.Yields != Yields.Parameters)
            return null;
        IOperation? tensor = operation switch
        {
            IInvocationOperation { TargetMethod.Name: "dim", Instance: { } i } => i,
            IPropertyReferenceOperation { Property.Name: "ndim" or "Dimensions", Instance: { } i } => i,
            IPropertyReferenceOperation { Property.Name: "Length", Instance: IPropertyReferenceOperation { Property.Name: "shape", Instance: { } i } } => i,
            _ => null,
        };
        return tensor is not null && IsValue(e, Root(tensor, variables)) ? part.Rank : null;
    }
}
