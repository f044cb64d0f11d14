using static HyperGen.Generators.Emit.Code;
using static HyperGen.Generators.Spec.GeneratedNames;

namespace HyperGen.Generators.Emit;

/// <summary>
/// One per value of the conditioning axis: the members whose signatures depend on what feeds the heads —
/// <c>forward</c> (the TorchSharp base's signature), the <c>GenerateWeights</c> overloads and the form's extras.
/// Each wraps a protected <c>GenerateTensors</c> of the runtime base in the typed <c>Weights</c>.
/// </summary>
internal abstract class ConditioningPart
{
    public static ConditioningPart For(Spec.Conditioning conditioning) => conditioning switch
    {
        Spec.Conditioning.Task => new TaskConditioning(),
        Spec.Conditioning.Input => new InputConditioning(),
        Spec.Conditioning.Noise => new NoiseConditioning(),
        _ => new NoConditioning(),
    };

    public abstract void Write(EmitContext c);

    /// <summary>A size users need in static code (e.g. <c>randn(n, NoiseSize)</c>), as a constant.</summary>
    protected static void WriteConstant(EmitContext c, string name, string summary, int value)
    {
        if (c.Omits(name))
            return;
        c.W.Summary(summary);
        c.W.Line($"public const int {name} = {value};");
        c.W.Line();
    }

    /// <summary>The unconditional forward and GenerateWeights(), shared by the plain and the noise forms.</summary>
    protected static void WriteUnconditional(EmitContext c, string generateSummary)
    {
        c.Member(Forward, "Generates the weights and runs the mainnet on x.",
            $"public override {Tensor} forward({Tensor} x)", $"{Mainnet}(x, {GenerateWeights}())");
        c.Member(GenerateWeights, generateSummary, $"public {Weights} {GenerateWeights}()", $"new {Weights}(GenerateTensors())");
    }
}

/// <summary>No conditioning: one mainnet.</summary>
internal sealed class NoConditioning : ConditioningPart
{
    public override void Write(EmitContext c) => WriteUnconditional(c, "Generates every mainnet tensor.");
}
