using static HyperGen.Generators.Emit.Code;
using static HyperGen.Generators.Spec.GeneratedNames;

namespace HyperGen.Generators.Emit;

/// <summary>Noise drawn per call: every forward samples a mainnet; ensembles run in one batched pass.</summary>
internal sealed class NoiseConditioning : ConditioningPart
{
    public override void Write(EmitContext c)
    {
        WriteConstant(c, NoiseSize, "Width of the noise z ~ N(0, I) drawn for every weight sample.", c.Spec.ConditionWidth);
        WriteUnconditional(c, "Draws one weight sample (fresh noise z ~ N(0, I)).");
        c.Member(GenerateWeights, $"The weights for given noise: [{c.Spec.ConditionWidth}] gives one mainnet, [samples, {c.Spec.ConditionWidth}] a batch of them.",
            $"public {Weights} {GenerateWeights}({Tensor} noise)", $"new {Weights}(GenerateTensors(noise))");
        c.Member(SampleWeights, "Draws several weight samples at once; every tensor gets a leading sample dimension.",
            $"public {Weights} {SampleWeights}(int samples)", $"new {Weights}(SampleTensors(samples))");
        c.Member(Ensemble, "Runs x through several sampled mainnets in one batched pass: [samples, batch, …].",
            $"public {Tensor} {Ensemble}({Tensor} x, int samples)", $"{MainnetBatched}({Hg}.HypernetParts.Replicate(x, samples), {SampleWeights}(samples))");
    }
}
