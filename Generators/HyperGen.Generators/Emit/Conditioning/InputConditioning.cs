using static HyperGen.Generators.Emit.Code;
using static HyperGen.Generators.Spec.GeneratedNames;

namespace HyperGen.Generators.Emit;

/// <summary>
/// An external condition per sample: <c>forward(x, condition)</c> on a <c>Module&lt;Tensor, Tensor, Tensor&gt;</c>
/// generates one mainnet per row and runs them all in one batched pass.
/// </summary>
internal sealed class InputConditioning : ConditioningPart
{
    public override void Write(EmitContext c)
    {
        WriteConstant(c, ConditionSize, "Width of the condition: [batch, ConditionSize].", c.Spec.ConditionWidth);
        c.Member(Forward, $"Generates one mainnet per row of condition, [batch, {c.Spec.ConditionWidth}], and applies mainnet b to sample b of x, in one batched pass.",
            $"public override {Tensor} forward({Tensor} x, {Tensor} condition)",
            $"{MainnetBatched}(x.unsqueeze(1), new {Weights}(GenerateTensors(condition, x))).squeeze(1)");
        c.Member(GenerateWeights, "Generates one mainnet per condition row; every tensor gets a leading batch dimension.",
            $"public {Weights} {GenerateWeights}({Tensor} condition)", $"new {Weights}(GenerateTensors(condition))");
    }
}
