using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HyperGen.Analyzers.Heads;

// When is uniform_/normal_ "classical"? When its scale is computed from the head tensor's OWN fans, the way
// Xavier, Kaiming and TorchSharp's default Linear init compute it:
//     c · √(k / F),  c / √F,  √k / √F,  √(k / (F₁ + F₂))
// where F is one fan of the head (in_features, out_features, weight.shape[i], weight.size(i), or a result
// of init.CalculateFanInAndFanOut) or the sum of two, and c, k are constants or init.calculate_gain(...).
// A hyperfan scale divides by a PRODUCT (d_j · d_k · V_e), and a hand-computed constant scale is not
// judged at all, so neither is reported.
internal sealed partial class TypeFlow
{
    bool IsClassicalScale(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
            return false;
        operation = Strip(operation);
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return ValuesOf(local.Local).Count == 1 && IsClassicalScale(ValuesOf(local.Local)[0], depth + 1);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.Plus } unary:
                return IsClassicalScale(unary.Operand, depth + 1);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product:
                return (IsConstantish(product.LeftOperand, depth + 1) && IsClassicalScale(product.RightOperand, depth + 1))
                    || (IsConstantish(product.RightOperand, depth + 1) && IsClassicalScale(product.LeftOperand, depth + 1));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } quotient:
                // c / √F
                return IsConstantish(quotient.LeftOperand, depth + 1) && SqrtArgument(quotient.RightOperand) is { } root && IsFanSum(root, depth + 1);
            default:
                // √(k / F)
                return SqrtArgument(operation) is { } argument && Strip(argument) is IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } inner
                    && IsConstantish(inner.LeftOperand, depth + 1) && IsFanSum(inner.RightOperand, depth + 1);
        }
    }

    static IOperation? SqrtArgument(IOperation operation) =>
        Strip(operation) is IInvocationOperation { TargetMethod: { Name: "Sqrt", ContainingType: { Name: "Math" or "MathF", ContainingNamespace.Name: "System" } } } sqrt
        && sqrt.Arguments.Length == 1
            ? sqrt.Arguments[0].Value
            : null;

    bool IsConstantish(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
            return false;
        operation = Strip(operation);
        if (operation.ConstantValue.HasValue)
            return true;
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "calculate_gain" } gain when known.IsInitCall(gain.TargetMethod):
                return true;
            case ILocalReferenceOperation local:
                return ValuesOf(local.Local).Count == 1 && IsConstantish(ValuesOf(local.Local)[0], depth + 1);
            case IBinaryOperation binary:
                return IsConstantish(binary.LeftOperand, depth + 1) && IsConstantish(binary.RightOperand, depth + 1);
            default:
                return SqrtArgument(operation) is { } argument && IsConstantish(argument, depth + 1);
        }
    }

    bool IsFanSum(IOperation operation, int depth)
    {
        operation = Strip(operation);
        return IsFan(operation, depth)
            || (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum && IsFan(sum.LeftOperand, depth + 1) && IsFan(sum.RightOperand, depth + 1));
    }

    bool IsFan(IOperation operation, int depth)
    {
        if (depth > MaxDepth)
            return false;
        operation = Strip(operation);
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.Name: "in_features" or "out_features" } p:
                return known.IsLinear(p.Property.ContainingType);
            case IArrayElementReferenceOperation { ArrayReference: IPropertyReferenceOperation { Property.Name: "shape" } shape }:
                return known.IsTensor(shape.Property.ContainingType);
            case IInvocationOperation { TargetMethod.Name: "size", Instance: not null } size:
                return known.IsTensorMethod(size.TargetMethod);
            case IFieldReferenceOperation { Field.ContainingType.IsTupleType: true, Instance: { } tuple }:
                return Strip(tuple) is IInvocationOperation { TargetMethod.Name: "CalculateFanInAndFanOut" } call ? known.IsInitCall(call.TargetMethod)
                     : Strip(tuple) is ILocalReferenceOperation tupleLocal && ValuesOf(tupleLocal.Local).Any(v => IsFanTuple(v));
            case ILocalReferenceOperation local:
                return fanLocals.Contains(local.Local)
                    || (ValuesOf(local.Local).Count == 1 && IsFan(ValuesOf(local.Local)[0], depth + 1));
            default:
                return false;
        }
    }

    bool IsFanTuple(IOperation operation) =>
        Strip(operation) is IInvocationOperation { TargetMethod.Name: "CalculateFanInAndFanOut" } call && known.IsInitCall(call.TargetMethod);
}
