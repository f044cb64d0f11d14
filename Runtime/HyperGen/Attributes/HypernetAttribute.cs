using System;

namespace HyperGen;

/// <summary>
/// Marks a <c>partial</c> class as a hypernetwork. The source generator turns it, together with the layer
/// attributes that follow (<see cref="LinearAttribute"/>, <see cref="Conv2dAttribute"/>, …, in declaration
/// order), into a TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c> whose hypernet generates the mainnet's weights,
/// hyperfan-initialised.
/// </summary>
/// <example>
/// <code>
/// [Hypernet(Embedding = 64, Hidden = new[] { 100 }, Init = HyperfanMode.In)]
/// [Linear(784, 300, Activation = Activation.ReLU)]
/// [Linear(300, 100, Activation = Activation.ReLU)]
/// [Linear(100, 10)]
/// public partial class MnistHypernet { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class HypernetAttribute : Attribute
{
    /// <summary>Width <c>d_k</c> of each mainnet layer's learned embedding. Default 64.</summary>
    public int Embedding { get; set; } = 64;

    /// <summary>Widths of the hidden hypernet MLP between the embeddings and the output heads; empty for none.</summary>
    public int[] Hidden { get; set; } = [];

    /// <summary>Nonlinearity of the hidden hypernet layers. Default ReLU (with Kaiming init, which keeps <c>E[h²]</c>).</summary>
    public Activation HiddenActivation { get; set; } = Activation.ReLU;

    /// <summary>Which hyperfan variant initialises the heads. Default <see cref="HyperfanMode.In"/>.</summary>
    public HyperfanMode Init { get; set; } = HyperfanMode.In;

    /// <summary>
    /// Calibrate <c>V_e</c> on the realised head inputs at init (exact up to the heads' sampling noise)
    /// instead of using its expected value. Default true: an unconditional hypernet's inputs are its own
    /// parameters, so they are known at init.
    /// </summary>
    public bool Calibrate { get; set; } = true;

    /// <summary>
    /// The mainnet input's shape without the batch dimension, e.g. <c>{ 1, 28, 28 }</c> for images. Required
    /// when the first layer is a convolution; lets the generator infer and check every shape at compile time.
    /// </summary>
    public int[] Input { get; set; } = [];
}
