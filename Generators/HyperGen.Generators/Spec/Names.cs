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

/// <summary>
/// The names the generated part of a class takes, for clash detection: the parser rejects a user member, a nested
/// type, the class itself or a tensor named like one of them. Keep every check against these functions, so the
/// list the emitter really writes is the only thing to change when it changes.
/// </summary>
internal static class GeneratedMembers
{
    public static readonly string[] Fixed =
    {
        "Weights", "Targets", "GenerateWeights", "Mainnet", "ResetParameters", "InitReport", "forward", "Hidden",
        "HeadInputs", "ExpectedHeadInputMoment", "EmbeddingSize", "HeadInputSize", "embeddings", "initMode", "initDescription",
        // Not declared but called unqualified by the generated constructor: a user member would capture the call.
        "RegisterComponents",
    };

    /// <summary>Members only some forms declare.</summary>
    public static readonly string[] Forms = { "conditionEmbeddings", "AllHeadInputs", "WeightsFrom", "MainnetBatched", "SampleWeights", "Ensemble", "head", "scales", "ConditionCount", "ConditionSize", "NoiseSize", "ChunkSize", "ChunkCount" };

    /// <summary>Every name the generated part declares (or relies on) directly in the <c>[Hypernet]</c> class.</summary>
    public static IEnumerable<string> For(HypernetSpec spec) =>
        Fixed.Where(n => !(spec.CustomForward && n == "Mainnet"))   // the user implements Mainnet's partial declaration
             .Concat(Forms)
             .Concat(Enumerable.Range(1, spec.Hidden.Count).Select(i => "hidden" + i))
             .Concat(spec.Chunk > 0 ? Enumerable.Empty<string>() : spec.Tensors.Select(t => t.HeadField));

    /// <summary>
    /// The registered names of the hypernet's output heads (each a TorchSharp Linear; their parameters are
    /// <c>{name}.weight</c> and <c>{name}.bias</c>): one per generated tensor, or the chunked form's one shared head.
    /// The analyzers recognise heads by these names, never by a naming pattern.
    /// </summary>
    public static IEnumerable<string> HeadModules(HypernetSpec spec) =>
        spec.Chunk > 0 ? new[] { "head" } : spec.Tensors.Select(t => t.HeadField);

    /// <summary>The compile-time constant holding dimension <paramref name="dimension"/> of a generated tensor, as written inside the class.</summary>
    public static string TargetDimension(string tensor, int dimension) =>
        "Targets." + tensor + ".Dim" + dimension.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The static member holding the heads' expected input second moment (V_e), as written inside the class.</summary>
    public const string ExpectedHeadInputMoment = "ExpectedHeadInputMoment";

    /// <summary>The generated file's name ends with this (see <see cref="HypernetSpec.HintName"/>).</summary>
    public const string FileSuffix = ".Hypernet.g.cs";

    /// <summary>True for a path of a file the generator emitted (analyzers see those next to the user's files).</summary>
    public static bool IsGeneratedFile(string? path) => path?.EndsWith(FileSuffix, System.StringComparison.Ordinal) == true;

    /// <summary>Members every class inherits from <see cref="object"/>: a generated member named like one would hide it.</summary>
    static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize" };

    /// <summary>
    /// Why a generated tensor cannot be called <paramref name="name"/>, or null when it can. Each tensor becomes a
    /// property of <c>Weights</c> (next to <c>Named()</c>; its constructor parameter is the camelCase name), a nested
    /// class <c>Targets.{name}</c> (next to <c>All</c> and <c>GeneratedElements</c>, holding <c>Name</c>, <c>Role</c>,
    /// <c>FanIn</c>, <c>FanOut</c>, <c>Elements</c>, <c>Rank</c>, <c>Dim0</c>… and <c>Tensor</c>).
    /// </summary>
    public static string? TensorNameProblem(string name, int rank)
    {
        if (name is "Weights" or "Named")
            return "Weights." + name;
        if (name is "Targets" or "All" or "GeneratedElements")
            return "Targets." + name;
        if (name is "Name" or "Role" or "FanIn" or "FanOut" or "Elements" or "Rank" or "Tensor"
            || Enumerable.Range(0, rank).Any(i => name == "Dim" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            return $"Targets.{name}.{name}";
        if (ObjectMembers.Contains(name))
            return $"object.{name} (which Weights.{name} would hide)";
        string parameter = Parsing.HypernetSpecParser.Camel(name);
        if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(parameter) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
            return $"the C# keyword '{parameter}' (the Weights constructor's parameter)";
        return null;
    }
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
