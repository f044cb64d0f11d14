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

/// <summary>Identifiers as they must appear in generated source.</summary>
internal static class Identifiers
{
    /// <summary>Keywords get an @: a class named <c>@class</c> is declared as <c>@class</c>, not <c>class</c>.</summary>
    public static string Escape(string identifier) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(identifier) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None
            ? "@" + identifier
            : identifier;
}

/// <summary>The runtime base class a generated hypernet derives from, one per TorchSharp module shape its form needs.</summary>
internal static class RuntimeBases
{
    /// <summary><c>Module&lt;Tensor, Tensor&gt;</c>: no conditioning, noise (and any head layout or forward).</summary>
    public const string Plain = "HyperGen.HypernetModule";
    /// <summary><c>Module&lt;Tensor, long, Tensor&gt;</c>: task-conditioned.</summary>
    public const string Task = "HyperGen.TaskConditionedHypernetModule";
    /// <summary><c>Module&lt;Tensor, Tensor, Tensor&gt;</c>: input-conditioned.</summary>
    public const string Input = "HyperGen.InputConditionedHypernetModule";

    /// <summary>The base's full name for a conditioning.</summary>
    public static string For(Conditioning conditioning) => conditioning switch
    {
        Conditioning.Task => Task,
        Conditioning.Input => Input,
        _ => Plain,
    };
}
