using System.Globalization;
using HyperGen.Generators.Spec;

namespace HyperGen.Generators.Emit;

/// <summary>The numbers and formulas the emitter writes next to each head, mirroring the runtime's HyperInit.</summary>
internal static class Formulas
{
    public static string Number(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") || text.Contains("N") || text.Contains("I") ? text : text + ".0";
    }

    /// <summary>An identifier as C# source (see <see cref="Identifiers.Escape"/>).</summary>
    public static string Escape(string identifier) => Identifiers.Escape(identifier);

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The squared gain as the runtime computes it (Gain.Squared), for comments only.</summary>
    public static double GainSquared(ActivationKind activation, double slope) => activation switch
    {
        ActivationKind.ReLU => 2.0,
        ActivationKind.LeakyReLU => 2.0 / (1.0 + slope * slope),
        ActivationKind.Tanh => 25.0 / 9.0,
        ActivationKind.SELU => 9.0 / 16.0,
        ActivationKind.GELU => 2.35171561407347,
        ActivationKind.SiLU => 2.8107611240745913,
        _ => 1.0,
    };

    static string C(TensorSpec t) => GainSquared(t.Activation, t.NegativeSlope).ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>One comment line: the head's variance formula with this tensor's numbers.</summary>
    public static string HeadComment(TensorSpec t, ModeKind mode, int headInput)
    {
        string c = C(t), dj = Int(t.FanIn), di = Int(t.FanOut), dk = Int(headInput);
        string name = ModeName(mode);
        if (t.Role == RoleKind.Weight)
        {
            string inFormula = t.LayerBiasGenerated ? "c / (2 · d_j · d_k · V_e)" : "c / (d_j · d_k · V_e)";
            string inNumbers = t.LayerBiasGenerated ? $"{c} / (2 · {dj} · {dk} · V_e)" : $"{c} / ({dj} · {dk} · V_e)";
            string outFormula = "c / (d_i · d_k · V_e)", outNumbers = $"{c} / ({di} · {dk} · V_e)";
            return mode switch
            {
                ModeKind.In => $"{t.Name}, {name}: Var(H) = {inFormula} = {inNumbers}",
                ModeKind.Out => $"{t.Name}, {name}: Var(H) = {outFormula} = {outNumbers}",
                _ => $"{t.Name}, {name}: Var(H) = 2ab/(a+b) of a = {inNumbers}, b = {outNumbers}",
            };
        }
        string biasIn = $"{c} / (2 · {dk} · V_h)";
        string biasOut = $"max(0, {c} · (1 − {dj}/{di})) / ({dk} · V_h)";
        bool outIsZero = t.FanIn >= t.FanOut;
        return mode switch
        {
            ModeKind.In => $"{t.Name}, {name}: Var(G) = c / (2 · d_l · V_h) = {biasIn}",
            ModeKind.Out => $"{t.Name}, {name}: Var(G) = max(0, c · (1 − d_j/d_i)) / (d_l · V_h) = {biasOut}" + (outIsZero ? " = 0 (the layer does not widen)" : ""),
            _ => $"{t.Name}, {name}: Var(G) = 2ab/(a+b) of a = {biasIn}, b = {biasOut}" + (outIsZero ? " = 0" : ""),
        };
    }

    public static string ModeName(ModeKind mode) => mode switch
    {
        ModeKind.In => "hyperfan-in",
        ModeKind.Out => "hyperfan-out",
        _ => "harmonic hyperfan",
    };

    public static string ActivationCall(ActivationKind activation, double slope, string x) => activation switch
    {
        ActivationKind.ReLU => $"global::TorchSharp.torch.nn.functional.relu({x})",
        ActivationKind.LeakyReLU => $"global::TorchSharp.torch.nn.functional.leaky_relu({x}, {Number(slope)})",
        ActivationKind.Tanh => $"global::TorchSharp.torch.nn.functional.tanh({x})",
        ActivationKind.Sigmoid => $"global::TorchSharp.torch.nn.functional.sigmoid({x})",
        ActivationKind.GELU => $"global::TorchSharp.torch.nn.functional.gelu({x})",
        ActivationKind.SELU => $"global::TorchSharp.torch.nn.functional.selu({x})",
        ActivationKind.SiLU => $"global::TorchSharp.torch.nn.functional.silu({x})",
        _ => x,
    };
}
