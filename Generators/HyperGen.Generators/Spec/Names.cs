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
    /// <summary>
    /// Keywords get an @: a class named <c>@class</c> is declared as <c>@class</c>, not <c>class</c>. So do names of only
    /// lower-case ASCII letters: a type declared <c>net</c> draws warning CS8981 (such names may become keywords), which
    /// the user silenced by writing <c>@net</c> — an error under TreatWarningsAsErrors if the generated part wrote <c>net</c>.
    /// </summary>
    public static string Escape(string identifier) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(identifier) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None || IsLowerAscii(identifier)
            ? "@" + identifier
            : identifier;

    static bool IsLowerAscii(string identifier)
    {
        foreach (char c in identifier)
            if (c is < 'a' or > 'z')
                return false;
        return identifier.Length > 0;
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot be a generated member's name (the longest of them <paramref name="property"/>), or
    /// null when it can: it must be a valid identifier, short enough for metadata, and free of formatting characters (U+200B, U+200D, U+FEFF…), which C# accepts in identifiers but
    /// drops from them — <c>"A\u200BB"</c> would declare <c>AB</c>, next to a layer named <c>AB</c> or on top of a
    /// member of the generated class, while the runtime registers the name with the invisible character.
    /// </summary>
    public static string? Problem(string name, string property)
    {
        if (!Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name))
            return "is not a valid C# identifier";
        foreach (char c in name)
            if (char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                return $"contains the invisible formatting character U+{(int)c:X4}, which C# drops from identifiers; remove it";
        // The compiler checks this only when it writes the assembly (CS7013), in the generated file.
        int bytes = System.Text.Encoding.UTF8.GetByteCount("get_" + property);
        if (bytes > MaxMetadataName)
            return $"is too long: the getter of its property {property.Substring(0, 12)}… would have a {bytes}-byte name, over the {MaxMetadataName} bytes .NET metadata allows";
        return null;
    }

    /// <summary>Longest name .NET metadata holds (UTF-8 bytes).</summary>
    public const int MaxMetadataName = 1023;
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
