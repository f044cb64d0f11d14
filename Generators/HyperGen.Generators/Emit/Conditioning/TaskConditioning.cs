using static HyperGen.Generators.Emit.Code;
using static HyperGen.Generators.Spec.GeneratedNames;

namespace HyperGen.Generators.Emit;

/// <summary>Learned task embeddings: <c>forward(x, condition)</c> on a <c>Module&lt;Tensor, long, Tensor&gt;</c>.</summary>
internal sealed class TaskConditioning : ConditioningPart
{
    public override void Write(EmitContext c)
    {
        WriteConstant(c, ConditionCount, "Number of learned conditions (tasks); forward and GenerateWeights take an index below it.", c.Spec.Conditions);
        c.Member(Forward, "Generates the mainnet of a condition (task index) and runs it on x.",
            $"public override {Tensor} forward({Tensor} x, long condition)", $"{Mainnet}(x, {GenerateWeights}(condition))");
        c.Member(GenerateWeights, "Generates every mainnet tensor for a condition (task index).",
            $"public {Weights} {GenerateWeights}(long condition)", $"new {Weights}(GenerateTensors(condition))");
    }
}
