using System;
using System.Globalization;
using static TorchSharp.torch.nn.init;

namespace HyperGen;

/// <summary>
/// Squared gains <c>c = calculate_gain(act)²</c> of the nonlinearity that follows a layer: the factor by
/// which a layer must amplify its input's second moment so that the activation's output keeps it.
/// </summary>
public static class Gain
{
    /// <summary>Default negative slope of <see cref="Activation.LeakyReLU"/>, as in PyTorch's <c>nn.LeakyReLU</c>.</summary>
    public const double DefaultNegativeSlope = HypernetDefaults.NegativeSlope;

    /// <summary><c>1 / E[GELU(z)²]</c> for <c>z ~ N(0, 1)</c>, computed by quadrature (the test suite re-derives it).</summary>
    public const double GeluSquared = GainTable.GeluSquared;

    /// <summary><c>1 / E[SiLU(z)²]</c> for <c>z ~ N(0, 1)</c>, computed by quadrature (the test suite re-derives it).</summary>
    public const double SiluSquared = GainTable.SiluSquared;

    /// <summary>The squared gain <c>c</c> of <paramref name="activation"/>.</summary>
    /// <param name="activation">The nonlinearity that follows the layer.</param>
    /// <param name="negativeSlope">The slope <c>a</c> of <see cref="Activation.LeakyReLU"/>; ignored otherwise.</param>
    /// <returns>1 for identity and sigmoid, 2 for ReLU, <c>2/(1+a²)</c> for leaky ReLU, <c>(5/3)²</c> for tanh,
    /// <c>(3/4)²</c> for SELU, and the second-moment-preserving values for GELU and SiLU.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Unknown activation, or a non-finite slope.</exception>
    public static double Squared(Activation activation, double negativeSlope = DefaultNegativeSlope)
    {
        if (activation == Activation.LeakyReLU)
            Guard.Finite(negativeSlope, nameof(negativeSlope));
        double c = GainTable.Squared(activation, negativeSlope);
        if (double.IsNaN(c))
            throw new ArgumentOutOfRangeException(nameof(activation), activation,
                $"Unknown activation {(int)activation}; expected one of {string.Join(", ", Enum.GetNames<Activation>())}.");
        return c;
    }

    /// <summary>The squared gain of a TorchSharp <see cref="NonlinearityType"/> (convolutions and linear count as identity).</summary>
    /// <param name="nonlinearity">TorchSharp's nonlinearity enum, as passed to <c>calculate_gain</c>.</param>
    /// <param name="param">The leaky ReLU slope; ignored otherwise.</param>
    public static double Squared(NonlinearityType nonlinearity, double param = DefaultNegativeSlope)
    {
        return nonlinearity switch
        {
            NonlinearityType.Linear or NonlinearityType.Conv1D or NonlinearityType.Conv2D or NonlinearityType.Conv3D
                or NonlinearityType.ConvTranspose1D or NonlinearityType.ConvTranspose2D or NonlinearityType.ConvTranspose3D => 1.0,
            NonlinearityType.Sigmoid => Squared(Activation.Sigmoid),
            NonlinearityType.Tanh => Squared(Activation.Tanh),
            NonlinearityType.ReLU => Squared(Activation.ReLU),
            NonlinearityType.LeakyReLU => Squared(Activation.LeakyReLU, param),
            _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity,
                $"Unknown TorchSharp nonlinearity {(int)nonlinearity}."),
        };
    }

    /// <summary>The squared gain of a nonlinearity given by its PyTorch name (<c>"relu"</c>, <c>"leaky_relu"</c>, <c>"tanh"</c>, …).</summary>
    /// <param name="name">Case-insensitive: linear, identity, conv1d/2d/3d, conv_transpose1d/2d/3d, sigmoid, tanh, relu, leaky_relu, selu, gelu, silu.</param>
    /// <param name="param">The leaky ReLU slope (default 0.01).</param>
    /// <exception cref="ArgumentException">The name is not a known nonlinearity.</exception>
    public static double Squared(string name, double? param = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Parse(name) switch
        {
            { } activation => Squared(activation, param ?? DefaultNegativeSlope),
            null => throw new ArgumentException(
                $"Unknown nonlinearity '{name}'. Known: linear, identity, conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, " +
                "conv_transpose3d, sigmoid, tanh, relu, leaky_relu, selu, gelu, silu.", nameof(name)),
        };
    }

    /// <summary>Parses a PyTorch nonlinearity name into an <see cref="Activation"/>; null when unknown.</summary>
    public static Activation? Parse(string name)
    {
        switch (name.Trim().ToLower(CultureInfo.InvariantCulture))
        {
            case "linear": case "identity": case "none":
            case "conv1d": case "conv2d": case "conv3d":
            case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d":
                return Activation.Identity;
            case "sigmoid": return Activation.Sigmoid;
            case "tanh": return Activation.Tanh;
            case "relu": return Activation.ReLU;
            case "leaky_relu": case "leakyrelu": return Activation.LeakyReLU;
            case "selu": return Activation.SELU;
            case "gelu": return Activation.GELU;
            case "silu": case "swish": return Activation.SiLU;
            default: return null;
        }
    }
}
