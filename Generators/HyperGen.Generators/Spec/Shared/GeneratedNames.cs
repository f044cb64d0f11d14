// Linked source (see Enums.cs): the one contract for the names generated code and the runtime base use.
// The runtime registers its parameters under these names (they are the checkpoint format), the emitter writes
// them, the parser reserves them (clash detection), and the analyzers look heads up with them.
using System.Globalization;

#if HYPERGEN_RUNTIME
namespace HyperGen;
#else
namespace HyperGen.Generators.Spec;
#endif

/// <summary>Every name that generated hypernets, their runtime base and their checkpoints share.</summary>
internal static partial class GeneratedNames
{
    // ---- Registered parameters, buffers and modules: a checkpoint's entry names. Never rename one.

    /// <summary>The learned layer (or chunk) embeddings, <c>[rows, d_k]</c>.</summary>
    public const string Embeddings = "embeddings";
    /// <summary>The task-conditioned form's learned condition embeddings, <c>[conditions, width]</c>.</summary>
    public const string ConditionEmbeddings = "conditionEmbeddings";
    /// <summary>The chunked form's one shared head.</summary>
    public const string SharedHead = "head";
    /// <summary>The chunked form's fixed per-tensor output scales (a buffer).</summary>
    public const string Scales = "scales";
    /// <summary>How the hypernet was initialised (a buffer of codes; absent from checkpoints written before it existed).</summary>
    public const string InitRecord = "initRecord";

    /// <summary>Hidden hypernet layer <paramref name="layer"/> (1-based): <c>hidden1</c>, <c>hidden2</c>, …</summary>
    public static string Hidden(int layer) => "hidden" + layer.ToString(CultureInfo.InvariantCulture);

    /// <summary>The head module generating tensor <paramref name="tensor"/>: <c>layer1WeightHead</c> for <c>Layer1Weight</c>.</summary>
    public static string HeadParameterName(string tensor) => Camel(tensor) + "Head";

    // ---- Tensor names: properties of Weights and Targets.

    /// <summary>A weight layer's default name: <c>Layer1</c>, <c>Layer2</c>, … (<paramref name="weightLayer"/> counts from 0).</summary>
    public static string DefaultLayerName(int weightLayer) => "Layer" + (weightLayer + 1).ToString(CultureInfo.InvariantCulture);
    /// <summary>The weight a layer generates: <c>{Name}Weight</c>.</summary>
    public static string WeightTensor(string layerName) => Pascal(layerName) + "Weight";
    /// <summary>The bias a layer generates: <c>{Name}Bias</c>.</summary>
    public static string BiasTensor(string layerName) => Pascal(layerName) + "Bias";

    /// <summary><c>Encoder</c> from <c>encoder</c>. Names whose first character has no case (<c>_w</c>, <c>层</c>) stay as they are.</summary>
    public static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);
    /// <summary><c>encoder</c> from <c>Encoder</c>.</summary>
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    // ---- Files

    /// <summary>Every generated file's name ends with this (hint names: <c>HintNames</c>).</summary>
    public const string FileSuffix = ".Hypernet.g.cs";

    /// <summary>True for the path of a file the generator emitted (analyzers see those next to the user's files).</summary>
    public static bool IsGeneratedFile(string? path) => path?.EndsWith(FileSuffix, System.StringComparison.Ordinal) == true;

    // ---- C# members. The generated class declares these (each form some of them) …

    /// <summary>The generated class's static description, handed to the runtime base (it hides the base's <c>Definition</c>).</summary>
    public const string Definition = "Definition";
    /// <summary>TorchSharp's forward.</summary>
    public const string Forward = "forward";
    /// <summary>Generates typed weights.</summary>
    public const string GenerateWeights = "GenerateWeights";
    /// <summary>The mainnet as a pure function.</summary>
    public const string Mainnet = "Mainnet";
    /// <summary>M mainnets at once (input- and noise-conditioned forms).</summary>
    public const string MainnetBatched = "MainnetBatched";
    /// <summary>Noise form: several weight samples.</summary>
    public const string SampleWeights = "SampleWeights";
    /// <summary>Noise form: an ensemble of sampled mainnets.</summary>
    public const string Ensemble = "Ensemble";
    /// <summary>The nested class of typed generated tensors.</summary>
    public const string Weights = "Weights";
    /// <summary>The nested class describing each generated tensor.</summary>
    public const string Targets = "Targets";
    /// <summary><c>Targets.All</c>.</summary>
    public const string AllTargets = "All";
    /// <summary>Task form: the number of conditions, a constant.</summary>
    public const string ConditionCount = "ConditionCount";
    /// <summary>Input form: the condition's width, a constant.</summary>
    public const string ConditionSize = "ConditionSize";
    /// <summary>Noise form: the noise width, a constant.</summary>
    public const string NoiseSize = "NoiseSize";

    /// <summary>Members the generated class may declare, for any form.</summary>
    public static readonly string[] GeneratedMembers =
        [Definition, Forward, GenerateWeights, Mainnet, MainnetBatched, SampleWeights, Ensemble, Weights, Targets, ConditionCount, ConditionSize, NoiseSize];

    /// <summary>… and the runtime bases (HypernetModule and the conditioned ones) declare these, public or protected.</summary>
    public static readonly string[] BaseMembers =
        ["Definition", "Initialization", "ResetParameters", "InitReport", "GenerateTensors", "SampleTensors"];

    /// <summary>Members of HypernetWeights, the base of every generated <c>Weights</c>: no tensor may take these names.</summary>
    public static readonly string[] WeightsBaseMembers = ["Tensors", "Named"];

    /// <summary>Names inherited from <c>object</c>, which a Weights or Targets property would hide.</summary>
    public static readonly string[] ObjectMembers = ["ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize"];
}
