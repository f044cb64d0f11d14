using System;

namespace HyperGen;

/// <summary>
/// The fans of a mainnet layer in the PyTorch/TorchSharp convention: for a weight of shape
/// <c>[C_out, C_in, k_1, …]</c>, fan-in <c>d_j = C_in·Πk</c> and fan-out <c>d_i = C_out·Πk</c>.
/// </summary>
/// <param name="In">Fan-in <c>d_j</c>.</param>
/// <param name="Out">Fan-out <c>d_i</c>.</param>
public readonly record struct Fans(long In, long Out)
{
    /// <summary>Fans of a linear layer <c>inFeatures → outFeatures</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static Fans Linear(long inFeatures, long outFeatures)
    {
        Guard.Positive(inFeatures, nameof(inFeatures));
        Guard.Positive(outFeatures, nameof(outFeatures));
        return new Fans(inFeatures, outFeatures);
    }

    /// <summary>Fans of a convolution with the given channel counts and kernel extents.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public static Fans Conv(long inChannels, long outChannels, params long[] kernel)
    {
        Guard.Positive(inChannels, nameof(inChannels));
        Guard.Positive(outChannels, nameof(outChannels));
        ArgumentNullException.ThrowIfNull(kernel);
        long field = 1;
        for (int i = 0; i < kernel.Length; i++)
        {
            Guard.Positive(kernel[i], $"{nameof(kernel)}[{i}]");
            field = checked(field * kernel[i]);
        }
        return new Fans(checked(inChannels * field), checked(outChannels * field));
    }

    /// <summary>Fans of a weight tensor of shape <c>[out, in, k…]</c> (2-D: linear; more: convolution).</summary>
    /// <exception cref="ArgumentException">The shape has fewer than two dimensions or a non-positive extent.</exception>
    public static Fans OfWeightShape(params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length < 2)
            throw new ArgumentException(
                $"A weight shape needs at least two dimensions [out, in, kernel…]; got [{string.Join(", ", shape)}]. " +
                "A bias has no fans of its own: use the fans of its layer's weight.", nameof(shape));
        long[] kernel = shape[2..];
        return Conv(shape[1], shape[0], kernel);
    }
}
