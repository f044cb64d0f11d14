using System;
using System.Collections.Generic;
using System.Linq;

namespace HyperGen;

/// <summary>
/// A mainnet tensor that a hypernet head generates: its name, shape, role, its layer's fans and the
/// nonlinearity after its layer. Everything the hyperfan formulas need besides the head's input.
/// </summary>
public sealed class TargetTensor : IEquatable<TargetTensor>
{
    readonly long[] _shape;

    /// <summary>Describes a generated tensor. Prefer the factories (<see cref="LinearWeight"/>, <see cref="ConvBias"/>, …).</summary>
    /// <param name="name">A name for reports and errors.</param>
    /// <param name="shape">The generated tensor's shape (weights <c>[out, in, k…]</c>, biases <c>[out]</c>).</param>
    /// <param name="role">Weight or bias.</param>
    /// <param name="fans">The fans of the tensor's layer (for a bias: of its layer's weight).</param>
    /// <param name="activation">The nonlinearity that follows the layer.</param>
    /// <param name="layerBiasGenerated">For a weight: whether the layer's bias is generated too (it changes the hyperfan-in weight formula).</param>
    /// <param name="negativeSlope">The leaky ReLU slope, when <paramref name="activation"/> is <see cref="Activation.LeakyReLU"/>.</param>
    public TargetTensor(string name, long[] shape, TensorRole role, Fans fans, Activation activation, bool layerBiasGenerated,
        double negativeSlope = Gain.DefaultNegativeSlope)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0)
            throw new ArgumentException($"Target '{name}' needs a shape with at least one dimension.", nameof(shape));
        for (int i = 0; i < shape.Length; i++)
            Guard.Positive(shape[i], $"{nameof(shape)}[{i}]");
        Guard.Positive(fans.In, "fans.In");
        Guard.Positive(fans.Out, "fans.Out");
        Guard.Finite(negativeSlope, nameof(negativeSlope));
        if (!Enum.IsDefined(role))
            throw new ArgumentOutOfRangeException(nameof(role), role, $"Target '{name}': unknown role {(int)role}; expected Weight or Bias.");
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation,
                $"Target '{name}': unknown activation {(int)activation}; expected one of {string.Join(", ", Enum.GetNames<Activation>())}.");
        if (role == TensorRole.Bias && shape.Length != 1)
            throw new ArgumentException($"Bias target '{name}' must be 1-D; got shape [{string.Join(", ", shape)}].", nameof(shape));
        Name = name;
        _shape = (long[])shape.Clone();
        Role = role;
        Fans = fans;
        Activation = activation;
        LayerBiasGenerated = role == TensorRole.Bias || layerBiasGenerated;
        NegativeSlope = negativeSlope;
        try
        {
            ElementCount = _shape.Aggregate(1L, (a, b) => checked(a * b));
        }
        catch (OverflowException e)
        {
            throw new ArgumentOutOfRangeException(
                $"Target '{name}' of shape [{string.Join(", ", shape)}] has more than {long.MaxValue} elements.", e);
        }
    }

    /// <summary>Name used in reports and errors.</summary>
    public string Name { get; }
    /// <summary>Shape of the generated tensor.</summary>
    public IReadOnlyList<long> Shape => _shape;
    /// <summary>Weight or bias.</summary>
    public TensorRole Role { get; }
    /// <summary>Fans of the layer (<c>d_j</c>, <c>d_i</c>).</summary>
    public Fans Fans { get; }
    /// <summary>Nonlinearity after the layer.</summary>
    public Activation Activation { get; }
    /// <summary>Leaky ReLU slope.</summary>
    public double NegativeSlope { get; }
    /// <summary>Whether the layer's bias is generated (always true for a bias target).</summary>
    public bool LayerBiasGenerated { get; }
    /// <summary>Number of elements: the head's output width.</summary>
    public long ElementCount { get; }
    /// <summary>The squared gain <c>c</c> of <see cref="Activation"/>.</summary>
    public double GainSquared => Gain.Squared(Activation, NegativeSlope);

    /// <summary>The shape as a fresh array (for TorchSharp calls).</summary>
    public long[] ShapeArray() => (long[])_shape.Clone();

    /// <summary>The weight of a linear layer <c>inFeatures → outFeatures</c>, shape <c>[out, in]</c>.</summary>
    public static TargetTensor LinearWeight(string name, long inFeatures, long outFeatures, Activation activation, bool biasGenerated,
        double negativeSlope = Gain.DefaultNegativeSlope)
        => new(name, [outFeatures, inFeatures], TensorRole.Weight, Fans.Linear(inFeatures, outFeatures), activation, biasGenerated, negativeSlope);

    /// <summary>The bias of a linear layer <c>inFeatures → outFeatures</c>, shape <c>[out]</c>.</summary>
    public static TargetTensor LinearBias(string name, long inFeatures, long outFeatures, Activation activation,
        double negativeSlope = Gain.DefaultNegativeSlope)
        => new(name, [outFeatures], TensorRole.Bias, Fans.Linear(inFeatures, outFeatures), activation, true, negativeSlope);

    /// <summary>The kernel of a convolution, shape <c>[C_out, C_in, k…]</c>.</summary>
    public static TargetTensor ConvWeight(string name, long inChannels, long outChannels, long[] kernel, Activation activation, bool biasGenerated,
        double negativeSlope = Gain.DefaultNegativeSlope)
        => new(name, [outChannels, inChannels, .. kernel ?? throw new ArgumentNullException(nameof(kernel))], TensorRole.Weight, Fans.Conv(inChannels, outChannels, kernel), activation, biasGenerated, negativeSlope);

    /// <summary>The bias of a convolution, shape <c>[C_out]</c>.</summary>
    public static TargetTensor ConvBias(string name, long inChannels, long outChannels, long[] kernel, Activation activation,
        double negativeSlope = Gain.DefaultNegativeSlope)
        => new(name, [outChannels], TensorRole.Bias, Fans.Conv(inChannels, outChannels, kernel), activation, true, negativeSlope);

    /// <summary>The variance the generated tensor should have under <paramref name="mode"/> (<see cref="HyperInit.WeightVariance"/>, <see cref="HyperInit.BiasVariance"/>).</summary>
    public double TargetVariance(HyperfanMode mode) => Role == TensorRole.Weight
        ? HyperInit.WeightVariance(mode, Fans, GainSquared, LayerBiasGenerated)
        : HyperInit.BiasVariance(mode, Fans, GainSquared);

    /// <inheritdoc />
    public bool Equals(TargetTensor? other) => other is not null && Name == other.Name && _shape.AsSpan().SequenceEqual(other._shape) &&
        Role == other.Role && Fans == other.Fans && Activation == other.Activation && NegativeSlope.Equals(other.NegativeSlope) &&
        LayerBiasGenerated == other.LayerBiasGenerated;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as TargetTensor);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, ElementCount, Role, Fans, Activation);

    /// <inheritdoc />
    public override string ToString() => $"{Name} [{string.Join("×", _shape)}] {Role}, fans {Fans.In}/{Fans.Out}, {Activation}";
}
