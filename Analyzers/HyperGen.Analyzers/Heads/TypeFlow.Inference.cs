using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HyperGen.Analyzers.Heads;

// Inferred heads: a Linear member whose output is viewed into the weight (or fed to the bias) of
// functional.linear/conv1d/conv2d/conv3d in this type; the mainnet activation read from what follows the call.
internal sealed partial class TypeFlow
{
    Dictionary<ISymbol, HeadInfo> InferHeads()
    {
        var heads = new Dictionary<ISymbol, HeadInfo>(SymbolEqualityComparer.Default);
        foreach (var consumer in consumers)
        {
            var weights = HeadOutputs(Argument(consumer, 1)).Where(o => o.Reshape is not null).ToList();
            if (weights.Count == 0)
                continue;
            var biasArgument = Argument(consumer, 2);
            var biases = biasArgument is null || biasArgument.ConstantValue is { HasValue: true, Value: null } ? new List<HeadOutput>() : HeadOutputs(biasArgument);
            var (activation, slope) = ActivationAfter(consumer);
            var first = weights[0];
            var (shape, values) = ShapeOf(first.Reshape!, first.Member);
            foreach (var w in weights)
            {
                if (heads.ContainsKey(w.Member))
                    continue;
                var (s, v) = ReferenceEquals(w, first) ? (shape, values) : ShapeOf(w.Reshape!, w.Member);
                heads[w.Member] = new HeadInfo(w.Member.Name, HeadSource.Inferred, TensorRole.Weight, s, v, activation, slope, biases.Count > 0, null);
            }
            foreach (var b in biases)
                if (!heads.ContainsKey(b.Member))
                    heads[b.Member] = new HeadInfo(b.Member.Name, HeadSource.Inferred, TensorRole.Bias, shape, values, activation, slope, true, null);
        }
        return heads;
    }

    /// <summary>The weight shape a reshape produces, as C# expressions (empty when any dimension is unknown).</summary>
    (ImmutableArray<string> Expressions, ImmutableArray<long?> Values) ShapeOf(IInvocationOperation reshape, ISymbol member)
    {
        IEnumerable<IOperation>? dims = null;
        string name = reshape.TargetMethod.Name;
        if (name is "view" or "reshape")
        {
            if (reshape.Arguments.Length == 1 && Strip(reshape.Arguments[0].Value) is IArrayCreationOperation { Initializer: { } init })
                dims = init.ElementValues;
        }
        else if (name == "unflatten" && Argument(reshape, 0)?.ConstantValue is { HasValue: true, Value: 0L or 0 }
                 && Argument(reshape, 1) is { } sizes && Strip(sizes) is IArrayCreationOperation { Initializer: { } sizesInit })
        {
            dims = sizesInit.ElementValues;
        }
        if (dims is null)
            return (ImmutableArray<string>.Empty, ImmutableArray<long?>.Empty);

        var expressions = new List<string?>();
        var values = new List<long?>();
        foreach (var dim in dims.Select(Strip))
        {
            if (dim.ConstantValue is { HasValue: true, Value: { } constant } && ToLong(constant) is long value)
            {
                values.Add(value);
                expressions.Add(value == -1 ? null : value.ToString(CultureInfo.InvariantCulture));
            }
            else if (dim is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } or IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property.IsIndexer: false })
            {
                values.Add(null);
                expressions.Add(dim.Syntax.ToString());
            }
            else
            {
                return (ImmutableArray<string>.Empty, ImmutableArray<long?>.Empty);
            }
        }
        // One -1 is resolvable from the head's out_features when that and every other dimension are known.
        int inferredAt = expressions.IndexOf(null);
        if (inferredAt >= 0)
        {
            long? outputs = LinearCreation(member)?.Outputs;
            long known = 1;
            bool allKnown = expressions.Count(e => e is null) == 1;
            for (int i = 0; i < values.Count && allKnown; i++)
                if (i != inferredAt)
                {
                    if (values[i] is long v) known *= v;
                    else allKnown = false;
                }
            if (!allKnown || outputs is null || known <= 0 || outputs.Value % known != 0)
                return (ImmutableArray<string>.Empty, ImmutableArray<long?>.Empty);
            values[inferredAt] = outputs.Value / known;
            expressions[inferredAt] = values[inferredAt]!.Value.ToString(CultureInfo.InvariantCulture);
        }
        return (expressions.Select(e => e!).ToImmutableArray(), values.ToImmutableArray());
    }

    static long? ToLong(object value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        uint u => u,
        _ => null,
    };

    /// <summary><c>member = nn.Linear(in, out, …)</c> with constant sizes, from a field initializer or an assignment in this type.</summary>
    (long? Inputs, long? Outputs, IInvocationOperation Call)? LinearCreation(ISymbol member)
    {
        foreach (var value in ValuesOf(member))
        {
            if (Strip(value) is IInvocationOperation { TargetMethod.Name: "Linear" } call
                && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, known.Init?.ContainingType)
                && call.TargetMethod.Parameters.Length > 1 && call.TargetMethod.Parameters[0].Type.SpecialType == SpecialType.System_Int64)
            {
                long? inputs = Argument(call, 0)?.ConstantValue is { HasValue: true, Value: { } i } ? ToLong(i) : null;
                long? outputs = Argument(call, 1)?.ConstantValue is { HasValue: true, Value: { } o } ? ToLong(o) : null;
                return (inputs, outputs, call);
            }
        }
        return null;
    }

    static readonly Dictionary<string, Activation> Activations = new()
    {
        ["relu"] = Activation.ReLU,
        ["leaky_relu"] = Activation.LeakyReLU,
        ["tanh"] = Activation.Tanh,
        ["sigmoid"] = Activation.Sigmoid,
        ["gelu"] = Activation.GELU,
        ["selu"] = Activation.SELU,
        ["silu"] = Activation.SiLU,
    };

    /// <summary>An activation call (<c>functional.relu(x)</c>, <c>torch.tanh(x)</c>, <c>x.relu()</c>, …) and the tensor it acts on.</summary>
    (Activation Kind, double Slope, IOperation Input)? AsActivation(IOperation operation)
    {
        if (Strip(operation) is not IInvocationOperation invocation)
            return null;
        var method = invocation.TargetMethod;
        string name = method.Name.TrimEnd('_');
        if (!Activations.TryGetValue(name, out var kind))
            return null;
        IOperation? input;
        double slope = HeadInfo.DefaultNegativeSlope;
        if (invocation.Instance is not null && known.IsTensorMethod(method))
        {
            input = invocation.Instance;
            if (kind == Activation.LeakyReLU && Argument(invocation, 0)?.ConstantValue is { HasValue: true, Value: double s })
                slope = s;
        }
        else if (method.IsStatic && (SymbolEqualityComparer.Default.Equals(method.ContainingType, known.Functional)
                                     || SymbolEqualityComparer.Default.Equals(method.ContainingType, known.Torch)))
        {
            input = Argument(invocation, 0);
            if (kind == Activation.LeakyReLU && Argument(invocation, 1)?.ConstantValue is { HasValue: true, Value: double s })
                slope = s;
        }
        else
        {
            return null;
        }
        return input is null ? null : (kind, slope, input);
    }

    /// <summary>The nonlinearity applied to a layer call's result: wrapped around it, chained on it, or in the next statement on the variable it was stored in.</summary>
    (Activation Kind, double Slope) ActivationAfter(IInvocationOperation call)
    {
        var parent = call.Parent;
        while (parent is IConversionOperation)
            parent = parent.Parent;
        if (parent is IArgumentOperation { Parent: IInvocationOperation outer } && AsActivation(outer) is { } wrapped && ReferenceEquals(Strip(wrapped.Input), call))
            return (wrapped.Kind, wrapped.Slope);
        if (parent is IInvocationOperation chained && AsActivation(chained) is { } onIt && ReferenceEquals(Strip(onIt.Input), call))
            return (onIt.Kind, onIt.Slope);

        ISymbol? stored = parent switch
        {
            ISimpleAssignmentOperation assignment => TargetSymbol(assignment.Target),
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            _ => null,
        };
        if (stored is null || call.SemanticModel is null)
            return (Activation.Identity, HeadInfo.DefaultNegativeSlope);
        var statement = call.Syntax.FirstAncestorOrSelf<StatementSyntax>();
        if (statement?.Parent is not BlockSyntax block)
            return (Activation.Identity, HeadInfo.DefaultNegativeSlope);
        int index = block.Statements.IndexOf(statement);
        if (index < 0 || index + 1 >= block.Statements.Count)
            return (Activation.Identity, HeadInfo.DefaultNegativeSlope);
        var next = call.SemanticModel.GetOperation(block.Statements[index + 1]);
        if (next is null)
            return (Activation.Identity, HeadInfo.DefaultNegativeSlope);
        foreach (var invocation in next.DescendantsAndSelf().OfType<IInvocationOperation>())
            if (AsActivation(invocation) is { } after && TargetSymbol(Strip(after.Input)) is { } input && SymbolEqualityComparer.Default.Equals(input, stored))
                return (after.Kind, after.Slope);
        return (Activation.Identity, HeadInfo.DefaultNegativeSlope);
    }

    // ---- HG0023: [HypernetHead] vs the Linear it marks

    void CheckHeadConstruction(SymbolAnalysisContext context)
    {
        foreach (var member in type.GetMembers())
        {
            if (member is not (IFieldSymbol or IPropertySymbol) || known.HeadAttribute(member) is not { } attribute)
                continue;
            if (LinearCreation(member) is not { } creation)
                continue;
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? member.Locations.FirstOrDefault();
            if (location is null || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0] is not { Kind: TypedConstantKind.Array, IsNull: false } array)
                continue;
            var shape = array.Values.Select(v => v.Value is int i ? (long?)i : null).ToList();
            if (shape.Count == 0 || shape.Any(d => d is not > 0))
                continue; // HG0022 reports it
            bool bias = attribute.NamedArguments.Any(n => n.Key == "Role" && n.Value.Value is int r && r == (int)TensorRole.Bias);
            long expectedOutputs = bias ? shape[0]!.Value : shape.Aggregate(1L, (p, d) => p * d!.Value);
            string shapeText = "[" + string.Join(", ", shape) + "]";
            var descriptor = Descriptors.For(ProblemKind.HeadShapeMismatch);
            if (creation.Outputs is long outputs && outputs != expectedOutputs)
            {
                string claim = bias ? $"a bias of {expectedOutputs} for layer weight {shapeText}" : $"{expectedOutputs} ({string.Join(" × ", shape)})";
                context.ReportDiagnostic(Diagnostic.Create(descriptor, location, member.Name, "outputs", claim, outputs.ToString(CultureInfo.InvariantCulture)));
            }
            int embedding = attribute.NamedArguments.Where(n => n.Key == "Embedding" && n.Value.Value is int).Select(n => (int)n.Value.Value!).FirstOrDefault();
            if (embedding > 0 && creation.Inputs is long inputs && inputs != embedding)
                context.ReportDiagnostic(Diagnostic.Create(descriptor, location, member.Name, "inputs (Embedding)",
                    embedding.ToString(CultureInfo.InvariantCulture), inputs.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
