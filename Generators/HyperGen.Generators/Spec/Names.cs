using System.Collections.Generic;
using System.Linq;

namespace HyperGen.Generators.Spec;

/// <summary>Metadata names the generator and analyzers look for. A test pins them to the runtime's types.</summary>
internal static class AttributeNames
{
    public const string Namespace = "HyperGen";
    public const string Hypernet = "HyperGen.HypernetAttribute";
    public const string HypernetShort = "HypernetAttribute";
    public const string HypernetHead = "HyperGen.HypernetHeadAttribute";
    public const string TorchSharpModule = "TorchSharp.torch+nn+Module`2";

    /// <summary>Layer attribute class names (in the HyperGen namespace) and their kinds.</summary>
    public static readonly IReadOnlyDictionary<string, LayerKind> Layers = new Dictionary<string, LayerKind>
    {
        ["LinearAttribute"] = LayerKind.Linear,
        ["Conv1dAttribute"] = LayerKind.Conv1d,
        ["Conv2dAttribute"] = LayerKind.Conv2d,
        ["MaxPool2dAttribute"] = LayerKind.MaxPool2d,
        ["AvgPool2dAttribute"] = LayerKind.AvgPool2d,
        ["FlattenAttribute"] = LayerKind.Flatten,
    };
}

/// <summary>The members the emitter declares on the partial class, for clash detection.</summary>
internal static class GeneratedMembers
{
    public static readonly string[] Fixed =
    {
        "Weights", "Targets", "GenerateWeights", "Mainnet", "ResetParameters", "InitReport", "forward",
        "HeadInputs", "ExpectedHeadInputMoment", "EmbeddingSize", "HeadInputSize", "embeddings", "initMode", "initDescription",
    };

    /// <summary>Members only some forms declare.</summary>
    public static readonly string[] Forms = { "conditionEmbeddings", "AllHeadInputs", "WeightsFrom", "MainnetBatched", "SampleWeights", "Ensemble", "head", "scales", "ConditionCount", "ConditionSize", "NoiseSize", "ChunkSize", "ChunkCount" };

    public static IEnumerable<string> For(HypernetSpec spec) =>
        Fixed.Where(n => !(spec.CustomForward && n == "Mainnet"))   // the user implements Mainnet's partial declaration
             .Concat(Forms)
             .Concat(Enumerable.Range(1, spec.Hidden.Count).Select(i => "hidden" + i))
             .Concat(spec.Chunk > 0 ? Enumerable.Empty<string>() : spec.Tensors.Select(t => t.HeadField));
}

/// <summary>Identifiers as they must appear in generated source.</summary>
internal static class Identifiers
{
    /// <summary>Keywords get an @: a class named <c>@class</c> is declared as <c>@class</c>, not <c>class</c>.</summary>
    public static string Escape(string identifier) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(identifier) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            ? "@" + identifier
            : identifier;
}
