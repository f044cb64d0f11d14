using System.Linq;
using HyperGen.Generators.Helpers;

namespace HyperGen.Generators.Spec;

// The generation spec: everything the emitter needs, and nothing symbolic. Every member must be a string,
// number, enum or EquatableArray of those — an ISymbol, SyntaxNode or Location here would break the
// incremental pipeline's caching (tests assert value equality and the Cached/Unchanged step reasons).

/// <summary>One mainnet layer, with the shapes inferred around it (without the batch dimension).</summary>
/// <param name="Kind">Which attribute.</param>
/// <param name="Name">For weight layers, the tensor name prefix (<c>Layer1</c> or the user's <c>Name</c>); empty otherwise.</param>
/// <param name="WeightLayerIndex">0-based index among weight layers (the embedding row), -1 for others.</param>
/// <param name="In">In features / in channels (weight layers), kernel size (pooling), 0 (flatten).</param>
/// <param name="Out">Out features / out channels (weight layers), 0 otherwise.</param>
/// <param name="Kernel">Kernel size (conv, pooling), 0 otherwise.</param>
/// <param name="Stride">Stride (conv, pooling; resolved: pooling's 0 becomes the kernel), 0 otherwise.</param>
/// <param name="Padding">Padding (conv, pooling).</param>
/// <param name="Activation">Activation after the layer.</param>
/// <param name="NegativeSlope">Leaky ReLU slope.</param>
/// <param name="Bias">Whether a bias is generated.</param>
/// <param name="InputShape">Inferred input shape; empty when unknown (a linear-first net without Input).</param>
/// <param name="OutputShape">Inferred output shape; empty when unknown.</param>
internal sealed record LayerSpec(
    LayerKind Kind,
    string Name,
    int WeightLayerIndex,
    int In,
    int Out,
    int Kernel,
    int Stride,
    int Padding,
    ActivationKind Activation,
    double NegativeSlope,
    bool Bias,
    EquatableArray<long> InputShape,
    EquatableArray<long> OutputShape);

/// <summary>A generated tensor and its head.</summary>
/// <param name="Name">Property name on <c>Weights</c> and nested class name under <c>Targets</c> (<c>Layer1Weight</c>).</param>
/// <param name="HeadField">The head's field name (<c>layer1WeightHead</c>).</param>
/// <param name="Role">Weight or bias.</param>
/// <param name="Shape">The tensor's shape.</param>
/// <param name="LayerWeightShape">Its layer's weight shape (equal to <paramref name="Shape"/> for weights).</param>
/// <param name="FanIn">Fan-in d_j of its layer.</param>
/// <param name="FanOut">Fan-out d_i of its layer.</param>
/// <param name="Elements">Element count.</param>
/// <param name="LayerKind">Kind of its layer.</param>
/// <param name="EmbeddingRow">The weight-layer index whose embedding feeds the head.</param>
/// <param name="Activation">Activation after its layer.</param>
/// <param name="NegativeSlope">Leaky ReLU slope.</param>
/// <param name="LayerBiasGenerated">Whether its layer's bias is generated.</param>
internal sealed record TensorSpec(
    string Name,
    string HeadField,
    RoleKind Role,
    EquatableArray<long> Shape,
    EquatableArray<long> LayerWeightShape,
    long FanIn,
    long FanOut,
    long Elements,
    LayerKind LayerKind,
    int EmbeddingRow,
    ActivationKind Activation,
    double NegativeSlope,
    bool LayerBiasGenerated);

/// <summary>A whole <c>[Hypernet]</c> class.</summary>
/// <param name="Namespace">Containing namespace, empty for the global namespace.</param>
/// <param name="TypeName">The class name.</param>
/// <param name="ContainingTypes">Declarations of the containing types, outermost first (<c>partial class Outer</c>).</param>
/// <param name="Embedding">d_k.</param>
/// <param name="Hidden">Hidden MLP widths.</param>
/// <param name="HiddenActivation">Hidden activation.</param>
/// <param name="Mode">Hyperfan mode.</param>
/// <param name="Calibrate">Calibrate V_e at init.</param>
/// <param name="Input">Declared input shape (may be empty).</param>
/// <param name="Layers">Mainnet layers in order.</param>
/// <param name="Tensors">Generated tensors in order.</param>
internal sealed record HypernetSpec(
    string Namespace,
    string TypeName,
    EquatableArray<string> ContainingTypes,
    int Embedding,
    EquatableArray<int> Hidden,
    ActivationKind HiddenActivation,
    ModeKind Mode,
    bool Calibrate,
    EquatableArray<long> Input,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<TensorSpec> Tensors)
{
    /// <summary>How the heads' input is conditioned.</summary>
    public FormKind Form { get; init; }
    /// <summary>Task form: number of condition embeddings.</summary>
    public int Conditions { get; init; }
    /// <summary>Width of the condition part of the head input (task embedding, external condition or noise); 0 for the plain form.</summary>
    public int ConditionWidth { get; init; }
    /// <summary>Data form: declared E[c²].</summary>
    public double ConditionSecondMoment { get; init; } = 1.0;
    /// <summary>Chunked form: elements per chunk; 0 otherwise.</summary>
    public int Chunk { get; init; }
    /// <summary>Custom-forward form: the user implements Mainnet.</summary>
    public bool CustomForward { get; init; }

    /// <summary>Width of the hidden MLP's input: d_k plus the condition part.</summary>
    public int InputWidth => Embedding + ConditionWidth;

    /// <summary>Number of embedding rows: one per weight layer (or custom weight tensor), or one per chunk.</summary>
    public int EmbeddingRows => Chunk > 0 ? ChunkCount : Tensors.Count == 0 ? 0 : Tensors.Max(t => t.EmbeddingRow) + 1;

    /// <summary>Total generated elements.</summary>
    public long GeneratedElements => Tensors.Sum(t => t.Elements);

    /// <summary>Chunked form: number of chunks, ⌈elements / chunk⌉.</summary>
    public int ChunkCount => Chunk > 0 ? (int)((GeneratedElements + Chunk - 1) / Chunk) : 0;

    /// <summary>The fully qualified metadata-ish name: <c>Demo.Outer.MnistHypernet</c>.</summary>
    public string FullName => string.Join(".", new[] { Namespace }.Concat(ContainingTypeNames()).Concat(new[] { TypeName }).Where(s => s.Length > 0));

    /// <summary>Hint name of the generated file: <c>{Namespace}.{Type}.Hypernet.g.cs</c>.</summary>
    public string HintName => FullName + ".Hypernet.g.cs";

    /// <summary>Width of the heads' input: the last hidden width, or the input width without hidden layers.</summary>
    public int HeadInputWidth => Hidden.Count > 0 ? Hidden[Hidden.Count - 1] : InputWidth;

    System.Collections.Generic.IEnumerable<string> ContainingTypeNames() =>
        ContainingTypes.Select(d => d.Substring(d.LastIndexOf(' ') + 1).TrimStart('@'));
}
