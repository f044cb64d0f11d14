namespace HyperGen.Analyzers;

/// <summary>
/// Every HyperGen diagnostic ID, in one place. HG0001 is the analyzers' own rule; HG0003 onwards
/// are the numbers of <c>ProblemKind</c> (the spec parser shared with the generator) — a test pins each
/// constant here to its <c>ProblemKind</c>. HG9xxx are reported by the MSBuild task in
/// <c>buildTransitive/</c>, not by Roslyn, and are listed for the docs.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>Xavier/Kaiming (or a classical-looking uniform/normal) init on a hypernet head.</summary>
    public const string ClassicalInitOnHead = "HG0001";
    /// <summary>A [Hypernet] class (or a type containing one) is not partial.</summary>
    public const string NotPartial = "HG0003";
    /// <summary>[Hypernet] without layer attributes.</summary>
    public const string NoLayers = "HG0004";
    /// <summary>Layer attributes without [Hypernet].</summary>
    public const string LayerWithoutHypernet = "HG0005";
    /// <summary>A size, width or dimension that is zero or negative.</summary>
    public const string NonPositiveSize = "HG0006";
    /// <summary>A size beyond HyperGen's limits.</summary>
    public const string AbsurdSize = "HG0007";
    /// <summary>A layer's input size disagrees with what the previous layer produces.</summary>
    public const string SizeMismatch = "HG0008";
    /// <summary>A conv/pool layer turns its input into a shape with a zero dimension.</summary>
    public const string ShapeCollapses = "HG0009";
    /// <summary>The input shape does not fit a layer (rank).</summary>
    public const string InputDoesNotFit = "HG0010";
    /// <summary>A convolution or pooling layer without an inferable input shape.</summary>
    public const string ConvNeedsInput = "HG0011";
    /// <summary>A [Hypernet] class with a base class.</summary>
    public const string BaseClass = "HG0012";
    /// <summary>Records, structs, static, generic or nested-in-generic hypernet types.</summary>
    public const string UnsupportedType = "HG0013";
    /// <summary>A user member whose name the generator also declares.</summary>
    public const string NameClash = "HG0014";
    /// <summary>A layer Name that is no identifier or is used twice.</summary>
    public const string BadName = "HG0015";
    /// <summary>TorchSharp is not referenced.</summary>
    public const string MissingTorchSharp = "HG0016";
    /// <summary>Layer attributes on more than one partial declaration.</summary>
    public const string LayersSplitAcrossParts = "HG0017";
    /// <summary>A Linear layer directly after a spatial (conv/pool) layer.</summary>
    public const string NeedsFlatten = "HG0018";
    /// <summary>Any other invalid attribute argument.</summary>
    public const string InvalidArgument = "HG0019";
    /// <summary>HyperGen attributes used without the HyperGen runtime assembly referenced.</summary>
    public const string RuntimeNotReferenced = "HG0020";
    /// <summary>[HypernetHead] on a member that is not a TorchSharp Linear.</summary>
    public const string HeadAttributeOnNonLinear = "HG0021";
    /// <summary>[HypernetHead] with an invalid argument.</summary>
    public const string InvalidHeadAttribute = "HG0022";
    /// <summary>[HypernetHead] disagrees with the Linear it marks.</summary>
    public const string HeadShapeMismatch = "HG0023";
    /// <summary>A [Hypernet] class whose layers have no weights (only pooling and flatten).</summary>
    public const string NoGeneratedTensors = "HG0024";
    /// <summary>A [Hypernet] class named like a member the generator declares in it.</summary>
    public const string TypeNamedLikeMember = "HG0025";
    /// <summary>A primary constructor, or a constructor that does not chain to the generated <c>this()</c>.</summary>
    public const string UnsupportedConstructor = "HG0026";
    /// <summary>The project's C# version is older than the generated code needs (8; 9 for a custom forward).</summary>
    public const string LanguageVersionTooOld = "HG0027";
    /// <summary>TorchSharp or the HyperGen runtime is referenced only under an extern alias, so <c>global::</c> cannot reach it.</summary>
    public const string ReferencedUnderAlias = "HG0028";
    /// <summary>Options of the hypernet forms that do not combine.</summary>
    public const string UnsupportedCombination = "HG0030";
    /// <summary>A custom-forward hypernet without its Mainnet.</summary>
    public const string MissingMainnet = "HG0031";
    /// <summary>A custom Mainnet that does not implement the generated partial declaration.</summary>
    public const string MainnetSignature = "HG0032";

    /// <summary>
    /// IDs no analyzer reports any more. They are never reused; each keeps its docs page, which says why it went.
    /// HG0002 (<c>ResetParameters(HeadInit.Xavier/Kaiming)</c> outside a comparison, judged by name heuristics)
    /// went when classical head init moved to the explicit <c>HypernetParts.InitHeadsClassically</c>.
    /// </summary>
    public static readonly System.Collections.Generic.IReadOnlyList<string> Retired = new[] { "HG0002" };

    /// <summary>MSBuild task: libLibTorchSharp.so left unpatched (see <c>buildTransitive/PatchLibTorchSharp.cs</c>).</summary>
    public const string NativePatchRefused = "HG9001";
    /// <summary>MSBuild task: unknown <c>HyperGenPatchLibTorchSharp</c> value.</summary>
    public const string NativePatchBadMode = "HG9002";
}
