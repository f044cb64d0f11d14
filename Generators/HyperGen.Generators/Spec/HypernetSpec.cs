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
    Activation Activation,
    double NegativeSlope,
    bool Bias,
    EquatableArray<long> InputShape,
    EquatableArray<long> OutputShape);

/// <summary>A generated tensor.</summary>
/// <param name="Name">Property name on <c>Weights</c> and <c>Targets</c> (<c>Layer1Weight</c>); its head is <see cref="GeneratedNames.HeadParameterName"/>.</param>
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
    TensorRole Role,
    EquatableArray<long> Shape,
    EquatableArray<long> LayerWeightShape,
    long FanIn,
    long FanOut,
    long Elements,
    LayerKind LayerKind,
    int EmbeddingRow,
    Activation Activation,
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
    Activation HiddenActivation,
    HyperfanMode Mode,
    bool Calibrate,
    EquatableArray<long> Input,
    EquatableArray<LayerSpec> Layers,
    EquatableArray<TensorSpec> Tensors)
{
    // ---- The form: three independent axes, each branched on once by the emitter.

    /// <summary>What conditions the heads besides the layer embeddings.</summary>
    public Conditioning Conditioning { get; init; }
    /// <summary>One head per tensor, or one shared head over chunks.</summary>
    public HeadLayout Heads { get; init; }
    /// <summary>Who writes the mainnet.</summary>
    public ForwardKind Forward { get; init; }

    /// <summary>Task form: number of condition embeddings.</summary>
    public int Conditions { get; init; }
    /// <summary>Width of the condition part of the head input (task embedding, external condition or noise); 0 without conditioning.</summary>
    public int ConditionWidth { get; init; }
    /// <summary>Input form: declared E[c²].</summary>
    public double ConditionSecondMoment { get; init; } = HypernetDefaults.ConditionSecondMoment;
    /// <summary>Chunked form: elements per chunk; 0 otherwise.</summary>
    public int Chunk { get; init; }

    /// <summary>
    /// The project compiles C# 10 or later: the generated file takes a file-scoped namespace and a target-typed
    /// <c>new</c> (less text for the IDE to parse); on C# 8–9 a block namespace and explicit types.
    /// </summary>
    public bool CSharp10 { get; init; }

    /// <summary>Custom forward: whether the user's part implements the partial Mainnet.</summary>
    public bool MainnetImplemented { get; init; }

    /// <summary>The generated file's name, unique in the compilation (<c>HintNames</c>).</summary>
    public string HintName { get; init; } = "";
    /// <summary>The exact full metadata name (<c>Demo.Outer+Net</c>), which a hashed hint name is made from.</summary>
    public string MetadataName { get; init; } = "";

    /// <summary>
    /// True when the class has problems (reported as HG diagnostics by the analyzers): the emitter then writes only
    /// its public surface — base, constructor, forward, typed Weights as far as known — whose bodies throw, so the
    /// user sees the one HG error and no cascade of CS errors where the class is used.
    /// </summary>
    public bool SurfaceOnly { get; init; }
    /// <summary>Generated members the user's code already declares (a reported clash): the surface leaves them out.</summary>
    public EquatableArray<string> Omitted { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Total generated elements.</summary>
    public long GeneratedElements => Tensors.Sum(t => t.Elements);

    /// <summary>Chunked form: number of chunks, ⌈elements / chunk⌉.</summary>
    public long ChunkCount => Chunk > 0 ? (GeneratedElements + Chunk - 1) / Chunk : 0;

    /// <summary>The fully qualified name as C# writes it, without escapes: <c>Demo.Outer.MnistHypernet</c>.</summary>
    public string FullName => string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(d => d.Substring(d.LastIndexOf(' ') + 1).TrimStart('@'))).Concat(new[] { TypeName }).Where(s => s.Length > 0));

    /// <summary>Width of the heads' input: the last hidden width, or the embedding (and condition) width without hidden layers.</summary>
    public int HeadInputWidth => Hidden.Count > 0 ? Hidden[Hidden.Count - 1] : Embedding + ConditionWidth;
}
