using System;

namespace HyperGen;

/// <summary>
/// One mainnet layer as its hypernet sees it: the weight it generates and, optionally, the bias, both fed by the
/// same learned embedding row. Layers built by <see cref="Linear"/> and <see cref="Conv"/> name their tensors
/// <c>{name}Weight</c> and <c>{name}Bias</c>, as the generated <c>Weights</c> properties are named.
/// </summary>
public sealed class HypernetLayer
{
    /// <summary>A layer of explicitly described tensors (a custom-forward hypernet's weight and its <c>BiasOf</c>).</summary>
    /// <exception cref="ArgumentException">The weight is not a weight, the bias not a bias, or their layers disagree.</exception>
    public HypernetLayer(TargetTensor weight, TargetTensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Role != TensorRole.Weight)
            throw new ArgumentException($"'{weight.Name}' is a {weight.Role}; a layer's first tensor is its weight.", nameof(weight));
        if (bias is not null && (bias.Role != TensorRole.Bias || bias.Fans != weight.Fans || bias.Shape[0] != weight.Shape[0]))
            throw new ArgumentException($"'{bias.Name}' is not the bias of '{weight.Name}' (role, fans or out dimension differ).", nameof(bias));
        if (bias is not null && !weight.LayerBiasGenerated)
            throw new ArgumentException($"'{weight.Name}' is declared without a generated bias, but '{bias.Name}' is its bias.", nameof(bias));
        Weight = weight;
        Bias = bias;
    }

    /// <summary>The generated weight.</summary>
    public TargetTensor Weight { get; }

    /// <summary>The generated bias, or null.</summary>
    public TargetTensor? Bias { get; }

    /// <summary>The weight, then the bias if any: the layer's generated tensors in order.</summary>
    internal System.Collections.Generic.IEnumerable<TargetTensor> Tensors => Bias is null ? [Weight] : [Weight, Bias];

    /// <summary>A linear layer <c>in → out</c>: weight <c>[out, in]</c> and, unless <paramref name="bias"/> is false, bias <c>[out]</c>.</summary>
    public static HypernetLayer Linear(string name, long inFeatures, long outFeatures, Activation activation = HypernetDefaults.LayerActivation,
        bool bias = HypernetDefaults.Bias, double negativeSlope = HypernetDefaults.NegativeSlope) =>
        new(TargetTensor.LinearWeight(GeneratedNames.WeightTensor(name ?? throw new ArgumentNullException(nameof(name))), inFeatures, outFeatures, activation, bias, negativeSlope),
            bias ? TargetTensor.LinearBias(GeneratedNames.BiasTensor(name), inFeatures, outFeatures, activation, negativeSlope) : null);

    /// <summary>A convolution: kernel <c>[out, in, k…]</c> and, unless <paramref name="bias"/> is false, bias <c>[out]</c>.</summary>
    public static HypernetLayer Conv(string name, long inChannels, long outChannels, long[] kernel, Activation activation = HypernetDefaults.LayerActivation,
        bool bias = HypernetDefaults.Bias, double negativeSlope = HypernetDefaults.NegativeSlope) =>
        new(TargetTensor.ConvWeight(GeneratedNames.WeightTensor(name ?? throw new ArgumentNullException(nameof(name))), inChannels, outChannels, kernel, activation, bias, negativeSlope),
            bias ? TargetTensor.ConvBias(GeneratedNames.BiasTensor(name), inChannels, outChannels, kernel, activation, negativeSlope) : null);
}
