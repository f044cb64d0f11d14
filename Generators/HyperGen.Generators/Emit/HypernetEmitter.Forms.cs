using System.Linq;
using HyperGen.Generators.Helpers;
using HyperGen.Generators.Spec;
using static HyperGen.Generators.Emit.Formulas;
using static HyperGen.Generators.Parsing.HypernetSpecParser;

namespace HyperGen.Generators.Emit;

// The batched mainnet (input- and noise-conditioned forms) and the chunked form.
internal static partial class HypernetEmitter
{
    static void EmitBatchedMainnet(SourceWriter w, HypernetSpec spec)
    {
        var expected = ExpectedInput(spec);
        w.Summary("M mainnets at once: mainnet m runs on x[m]. Linear layers are one batched matmul, convolutions one grouped convolution — no loop over m.");
        w.Line($"/// <param name=\"x\">Input, [M, N, {(expected is null ? "…" : string.Join(", ", expected))}]: N samples for each of the M mainnets.</param>");
        w.Line("/// <param name=\"w\">Weights with a leading dimension M.</param>");
        w.Open($"public static {Tensor} MainnetBatched({Tensor} x, Weights w)");
        if (expected is not null)
            w.Line($"{Hg}.HypernetParts.CheckInput(x, nameof({Escape(spec.TypeName)}), {string.Join(", ", expected.Select(d => d + "L"))});");
        EmitLayers(w, spec, batched: true);
        w.Line("return x;");
        w.Close();
        w.Line();
    }

    static void EmitChunkFields(SourceWriter w, HypernetSpec spec)
    {
        w.Summary($"The one shared output head: Linear({spec.HeadInputWidth} → {spec.Chunk}), run on every chunk embedding.");
        w.Line($"private readonly {Linear} head;");
        w.Summary("Fixed per-tensor output scales (a saved buffer, not trained) that put each generated tensor on its own hyperfan target.");
        w.Line($"private readonly {Tensor} scales;");
    }

    static void EmitChunkWeightsFrom(SourceWriter w, HypernetSpec spec)
    {
        w.Summary($"Runs the shared head on every chunk ([{spec.ChunkCount}, {spec.HeadInputWidth}] → [{spec.ChunkCount}, {spec.Chunk}]), drops the unused tail of the last chunk, splits the rest into tensors and applies their scales.");
        w.Open($"private Weights WeightsFrom({Tensor} h)");
        w.Line($"var flat = head.forward(h).flatten().narrow(0, 0, Targets.GeneratedElements);");
        w.Line($"var parts = flat.split(new long[] {{ {string.Join(", ", spec.Tensors.Select(t => t.Elements + "L"))} }});");
        w.Line("return new Weights(");
        for (int i = 0; i < spec.Tensors.Count; i++)
        {
            var t = spec.Tensors[i];
            w.Line($"    parts[{i}].view({string.Join(", ", t.Shape.Select(d => d + "L"))}).mul(scales[{i}]){(i + 1 < spec.Tensors.Count ? "," : ");")}");
        }
        w.Close();
        w.Line();
    }

    static void EmitChunkReset(SourceWriter w, HypernetSpec spec)
    {
        w.Open($"if (init != {Hg}.HeadInit.Hyperfan)");
        w.Line($"{Hg}.HypernetParts.InitClassical(init, head);");
        w.Line("scales.fill_(1.0);");
        w.Line("return;");
        w.Close();
        w.Line();
        w.Line("// The shared head draws Var(H) = 1 / (d · V_e), a unit base variance (V_e: realised mean(h²) over all chunks when");
        w.Line("// calibrating). Each tensor's fixed scale s_t = √(target_t / base_t) then puts it on its own target, exactly,");
        w.Line("// whatever mix of chunks it spans (base_t: the element-weighted variance of its chunks).");
        w.Line("var h = HeadInputs();");
        w.Line($"double v = calibrate ? {Hg}.SecondMoment.Calibrated(h) : ExpectedHeadInputMoment;");
        w.Line("double headVariance = 1.0 / (HeadInputSize * v);");
        w.Line($"{Hg}.HyperInit.UniformWithVariance(head.weight!, headVariance);");
        w.Line("head.bias!.zero_();");
        foreach (var t in spec.Tensors)
            w.Line("// " + TargetComment(t, spec.Mode));
        w.Line($"var s = {Hg}.HypernetParts.ChunkScales(h, ChunkSize, Targets.All, mode, headVariance, calibrate, ExpectedHeadInputMoment);");
        w.Line($"scales.copy_({Torch}.tensor(s).to(scales.dtype));");
    }

    /// <summary>The generated tensor's own target, for the chunked form's comments.</summary>
    static string TargetComment(TensorSpec t, ModeKind mode)
    {
        string c = GainSquared(t.Activation, t.NegativeSlope).ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        string dj = Int(t.FanIn), di = Int(t.FanOut);
        if (t.Role == RoleKind.Weight)
        {
            string fanIn = t.LayerBiasGenerated ? $"{c} / (2 · {dj})" : $"{c} / {dj}";
            return mode switch
            {
                ModeKind.In => $"{t.Name}, {ModeName(mode)}: Var(W) = {fanIn}",
                ModeKind.Out => $"{t.Name}, {ModeName(mode)}: Var(W) = {c} / {di}",
                _ => $"{t.Name}, {ModeName(mode)}: Var(W) = 2ab/(a+b) of a = {fanIn}, b = {c} / {di}",
            };
        }
        return mode switch
        {
            ModeKind.In => $"{t.Name}, {ModeName(mode)}: Var(b) = {c} / 2",
            ModeKind.Out => $"{t.Name}, {ModeName(mode)}: Var(b) = max(0, {c} · (1 − {dj}/{di}))",
            _ => $"{t.Name}, {ModeName(mode)}: Var(b) = 2ab/(a+b) of a = {c} / 2, b = max(0, {c} · (1 − {dj}/{di}))",
        };
    }
}
