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
    public int Embedding { get; set; } = HypernetDefaults.Embedding;

    /// <summary>Widths of the hidden hypernet MLP between the embeddings and the output heads; empty for none.</summary>
    public int[] Hidden { get; set; } = [];

    /// <summary>Nonlinearity of the hidden hypernet layers. Default ReLU (with Kaiming init, which keeps <c>E[h²]</c>).</summary>
    public Activation HiddenActivation { get; set; } = HypernetDefaults.HiddenActivation;

    /// <summary>Which hyperfan variant initialises the heads. Default <see cref="HyperfanMode.In"/>.</summary>
    public HyperfanMode Init { get; set; } = HypernetDefaults.Init;

    /// <summary>
    /// Calibrate <c>V_e</c> on the realised head inputs at init (exact up to the heads' sampling noise)
    /// instead of using its expected value. Default true: an unconditional hypernet's inputs are its own
    /// parameters, so they are known at init.
    /// </summary>
    public bool Calibrate { get; set; } = HypernetDefaults.Calibrate;

    /// <summary>
    /// The mainnet input's shape without the batch dimension, e.g. <c>{ 1, 28, 28 }</c> for images. Required
    /// when the first layer is a convolution; lets the generator infer and check every shape at compile time.
    /// </summary>
    public int[] Input { get; set; } = [];

    /// <summary>
    /// Task-conditioned form: the number of learned condition (task) embeddings. The module becomes a
    /// <c>Module&lt;Tensor, long, Tensor&gt;</c> with <c>forward(x, condition)</c> and <c>GenerateWeights(condition)</c>.
    /// The head input is the concatenation of the condition and layer embeddings. 0 (default): unconditional.
    /// </summary>
    public int Conditions { get; set; }

    /// <summary>Width of each condition embedding in the task-conditioned form. 0 (default): the same as <see cref="Embedding"/>.</summary>
    public int ConditionEmbedding { get; set; }

    /// <summary>
    /// Input-conditioned form: the width of an external conditioning vector <c>c</c>. <c>forward(x, c)</c> with
    /// <c>c: [B, ConditionSize]</c> generates B mainnets and applies mainnet b to sample b in one batched pass.
    /// 0 (default): not input-conditioned.
    /// </summary>
    public int ConditionSize { get; set; }

    /// <summary>Second moment <c>E[c²]</c> of the external conditioning vector (input-conditioned form). Default 1 (standardised).</summary>
    public double ConditionSecondMoment { get; set; } = HypernetDefaults.ConditionSecondMoment;

    /// <summary>
    /// Noise-conditioned (implicit distribution) form: the width of a noise vector <c>z ~ N(0, I)</c> drawn on
    /// every call, so generated weights are samples and <c>Ensemble(x, n)</c> gives a predictive distribution.
    /// 0 (default): deterministic.
    /// </summary>
    public int Noise { get; set; }

    /// <summary>
    /// Chunked form: one shared head generates chunks of this many elements from per-chunk embeddings (Ha et
    /// al.'s compression); each generated tensor still hits its own hyperfan target through a fixed
    /// per-tensor output scale. 0 (default): one head per tensor.
    /// </summary>
    public int Chunk { get; set; }
}
