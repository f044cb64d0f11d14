using System;

namespace HyperGen;

/// <summary>
/// Marks a hypernet output head — a <c>Linear</c> field or property whose output becomes a mainnet weight or
/// bias — with what it generates, so the analyzers know it (HG0001 warns when Xavier/Kaiming lands on it)
/// and the code fix can fill in the hyperfan call. The generator puts it on the heads it emits.
/// </summary>
/// <example>
/// <code>
/// [HypernetHead(300, 784, Embedding = 64, Activation = Activation.ReLU)]
/// readonly Linear fc1Head = nn.Linear(64, 300 * 784);
/// </code>
/// </example>
/// <param name="layerWeightShape">
/// The shape of the mainnet layer's <b>weight</b>, <c>[out, in, kernel…]</c>, which fixes the fans. For a bias
/// head (<see cref="Role"/> = <see cref="TensorRole.Bias"/>) it is still the layer's weight shape.
/// </param>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class HypernetHeadAttribute(params int[] layerWeightShape) : Attribute
{
    /// <summary>Shape of the mainnet layer's weight, <c>[out, in, kernel…]</c>.</summary>
    public int[] LayerWeightShape { get; } = layerWeightShape;

    /// <summary>Width of the head's input (<c>d_k</c>, or <c>d_l</c> for a bias head).</summary>
    public int Embedding { get; set; }

    /// <summary>Second moment of the head's input, <c>E[e²]</c>. Default 1 (U(−√3, √3) or N(0, 1) embeddings).</summary>
    public double EmbeddingSecondMoment { get; set; } = 1.0;

    /// <summary>The nonlinearity after the mainnet layer.</summary>
    public Activation Activation { get; set; } = HypernetDefaults.LayerActivation;

    /// <summary>Negative slope for <see cref="Activation.LeakyReLU"/>.</summary>
    public double NegativeSlope { get; set; } = HypernetDefaults.NegativeSlope;

    /// <summary>Whether the head generates the layer's weight (default) or its bias.</summary>
    public TensorRole Role { get; set; } = TensorRole.Weight;

    /// <summary>For a weight head: whether the layer's bias is generated too. Default true.</summary>
    public bool BiasGenerated { get; set; } = HypernetDefaults.Bias;
}
