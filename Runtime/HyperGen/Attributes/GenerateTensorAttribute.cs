using System;

namespace HyperGen;

/// <summary>
/// Custom-forward form: declares a tensor the hypernet generates, in place of layer attributes. The user then
/// writes the mainnet over the typed <c>Weights</c> by implementing the generated partial method
/// <c>public static partial Tensor Mainnet(Tensor x, Weights w)</c> — any architecture (residual, gated, …)
/// keeps hyperfan init, typed weights and init reports.
/// </summary>
/// <example>
/// <code>
/// [Hypernet(Embedding = 32)]
/// [GenerateTensor("W1", 64, 16, Activation = Activation.ReLU)] [GenerateTensor("B1", 64, BiasOf = "W1")]
/// [GenerateTensor("W2", 16, 64)]
/// public partial class ResidualHypernet
/// {
///     public static partial Tensor Mainnet(Tensor x, Weights w) =>
///         x + functional.linear(functional.relu(functional.linear(x, w.W1, w.B1)), w.W2);
/// }
/// </code>
/// </example>
/// <param name="name">The property name on <c>Weights</c>; a C# identifier.</param>
/// <param name="shape">The tensor's shape: weights <c>[out, in, kernel…]</c> (the PyTorch fan convention), biases <c>[out]</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GenerateTensorAttribute(string name, params int[] shape) : Attribute
{
    /// <summary>The property name on <c>Weights</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The tensor's shape.</summary>
    public int[] Shape { get; } = shape;

    /// <summary>The nonlinearity the user's forward applies after this weight's layer; sets the gain. Default identity.</summary>
    public Activation Activation { get; set; } = HypernetDefaults.LayerActivation;

    /// <summary>Negative slope for <see cref="Activation.LeakyReLU"/>.</summary>
    public double NegativeSlope { get; set; } = HypernetDefaults.NegativeSlope;

    /// <summary>Makes this tensor the bias of the named weight tensor: fans and activation come from it.</summary>
    public string? BiasOf { get; set; }

    /// <summary>Fan-in override; 0 (default) derives it from the shape (<c>in·Πkernel</c>).</summary>
    public int FanIn { get; set; }

    /// <summary>Fan-out override; 0 (default) derives it from the shape (<c>out·Πkernel</c>).</summary>
    public int FanOut { get; set; }
}
