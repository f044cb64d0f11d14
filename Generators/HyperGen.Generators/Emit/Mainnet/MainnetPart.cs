using HyperGen.Generators.Spec;

namespace HyperGen.Generators.Emit;

/// <summary>One per value of the forward axis: who writes the mainnet, the generator (from layers) or the user.</summary>
internal abstract class MainnetPart
{
    public static MainnetPart For(ForwardKind forward) => forward == ForwardKind.Custom ? new CustomMainnet() : new GeneratedMainnet();

    public abstract void Write(EmitContext c);
}
