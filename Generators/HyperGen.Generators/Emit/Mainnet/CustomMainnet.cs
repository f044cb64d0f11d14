using static HyperGen.Generators.Emit.Code;
using static HyperGen.Generators.Spec.GeneratedNames;

namespace HyperGen.Generators.Emit;

/// <summary>[GenerateTensor] targets: the user implements the mainnet over the typed weights; this part declares it.</summary>
internal sealed class CustomMainnet : MainnetPart
{
    public override void Write(EmitContext c)
    {
        if (c.Omits(Mainnet))
            return;
        // Surface of a class whose Mainnet is missing: a throwing one keeps forward compiling (HG0031 says what to add).
        if (c.Spec.SurfaceOnly && !c.Spec.MainnetImplemented)
        {
            c.Member(Mainnet, "The mainnet: implement it as a static partial method in your part of the class.",
                $"public static {Tensor} {Mainnet}({Tensor} x, {Weights} w)", "");
            return;
        }
        c.W.Block($"""
            /// <summary>The mainnet, written by you over the typed weights: implement this partial method in your part of the class.</summary>
            public static partial {Tensor} {Mainnet}({Tensor} x, {Weights} w);

            """);
    }
}
