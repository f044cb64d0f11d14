using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HyperGen.Generators.Spec;

/// <summary>
/// What can be wrong with a <c>[Hypernet]</c> class. The number is the diagnostic ID (<c>HG0003</c>…); the
/// analyzers turn each into a diagnostic with the message of <see cref="ProblemCatalog"/>, the generator
/// simply emits nothing when any is present. One list, so generator and analyzers always agree.
/// </summary>
internal enum ProblemKind
{
    NotPartial = 3,
    NoLayers = 4,
    LayerWithoutHypernet = 5,
    NonPositiveSize = 6,
    AbsurdSize = 7,
    SizeMismatch = 8,
    ShapeCollapses = 9,
    InputDoesNotFit = 10,
    ConvNeedsInput = 11,
    BaseClass = 12,
    UnsupportedType = 13,
    NameClash = 14,
    BadName = 15,
    MissingTorchSharp = 16,
    LayersSplitAcrossParts = 17,
    NeedsFlatten = 18,
    InvalidArgument = 19,
    // 20–23 are reported by the analyzers themselves (HyperGen.Analyzers), never by the parser; they are
    // listed here so this enum stays the one registry of HG numbers.
    RuntimeNotReferenced = 20,
    HeadAttributeOnNonLinear = 21,
    InvalidHeadAttribute = 22,
    HeadShapeMismatch = 23,
    NoGeneratedTensors = 24,
    TypeNamedLikeMember = 25,
    UnsupportedConstructor = 26,
    LanguageVersionTooOld = 27,
    ReferencedUnderAlias = 28,
    // 29 is free for parser problems of the plain form.
    // 30+: the conditional, chunked and custom-forward forms.
    UnsupportedCombination = 30,
    MissingMainnet = 31,
    MainnetSignature = 32,
}

/// <summary>Title and message format of each <see cref="ProblemKind"/>; the message's {n} are the problem's arguments.</summary>
internal static class ProblemCatalog
{
    public static string Id(ProblemKind kind) => "HG" + ((int)kind).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    public static (string Title, string Message) Text(ProblemKind kind) => kind switch
    {
        ProblemKind.NotPartial => ("Hypernet class must be partial",
            "'{0}' must be declared partial so HyperGen can generate the rest of it"),
        ProblemKind.NoLayers => ("Hypernet has no layers",
            "'{0}' has [Hypernet] but no layer attributes; add [Linear], [Conv2d], … in mainnet order"),
        ProblemKind.LayerWithoutHypernet => ("Layer attribute without [Hypernet]",
            "'{0}' has [{1}] but no [Hypernet]; the layer is ignored"),
        ProblemKind.NonPositiveSize => ("Size must be positive",
            "{0} is {1}; it must be positive"),
        ProblemKind.AbsurdSize => ("Size is too large",
            "{0} is {1}, above HyperGen's limit of {2}"),
        ProblemKind.SizeMismatch => ("Layer sizes disagree",
            "{0} is {1}, but the previous layer produces {2}"),
        ProblemKind.ShapeCollapses => ("Shape collapses to zero",
            "{0} turns input [{1}] into [{2}]: a dimension is no longer positive"),
        ProblemKind.InputDoesNotFit => ("Input shape does not fit the layer",
            "{0} needs input {1}, but receives [{2}]"),
        ProblemKind.ConvNeedsInput => ("Convolution needs an input shape",
            "{0} cannot infer its spatial shape; set Input on [Hypernet], e.g. Input = new[] {{ {1} }}"),
        ProblemKind.BaseClass => ("Hypernet cannot have a base class",
            "'{0}' derives from '{1}'; the generated part derives from {2}, which hypernets of this form build on"),
        ProblemKind.UnsupportedType => ("Unsupported hypernet type",
            "'{0}' is {1}, which HyperGen does not support"),
        ProblemKind.NameClash => ("Member clashes with generated code",
            "'{0}' declares '{1}', which HyperGen generates; rename it"),
        ProblemKind.BadName => ("Invalid layer or tensor name",
            "{0} '{1}' {2}"),
        ProblemKind.MissingTorchSharp => ("TorchSharp is not referenced",
            "'{0}' needs TorchSharp; add a package reference to TorchSharp-cpu (or a CUDA package)"),
        ProblemKind.LayersSplitAcrossParts => ("Layers are split across partial declarations",
            "'{0}' declares layer attributes on more than one partial declaration, so their order is undefined; keep them on one"),
        ProblemKind.NeedsFlatten => ("Linear layer after a spatial layer",
            "{0} receives [{1}]; add [Flatten] before it (it then takes {2} features)"),
        ProblemKind.InvalidArgument => ("Invalid attribute argument",
            "{0} is {1}; {2}"),
        ProblemKind.RuntimeNotReferenced => ("HyperGen runtime is not referenced",
            "[{0}] needs the HyperGen runtime assembly; add a package reference to HyperGen (or a project reference to Runtime/HyperGen)"),
        ProblemKind.HeadAttributeOnNonLinear => ("[HypernetHead] on a member that is not a Linear",
            "'{0}' is a {1}; [HypernetHead] marks a TorchSharp Linear head and has no effect here"),
        ProblemKind.InvalidHeadAttribute => ("Invalid [HypernetHead] argument",
            "{0} of [HypernetHead] on '{1}' is {2}; {3}"),
        ProblemKind.HeadShapeMismatch => ("[HypernetHead] disagrees with its Linear",
            "[HypernetHead] on '{0}' says {1} = {2}, but the Linear is created with {1} = {3}"),
        ProblemKind.NoGeneratedTensors => ("Hypernet generates no tensor",
            "'{0}' has no layer with weights ([Linear], [Conv1d], [Conv2d]), so there is nothing for a hypernet to generate; add one"),
        ProblemKind.TypeNamedLikeMember => ("Hypernet class named like a generated member",
            "The class '{0}' has the name of a member HyperGen generates inside it, and C# forbids a member named like its class; rename the class"),
        ProblemKind.UnsupportedConstructor => ("Constructor does not build the hypernet",
            "{0}"),
        ProblemKind.LanguageVersionTooOld => ("C# version too old for the generated code",
            "'{0}' needs C# {1} or later for its generated code ({2}), and the project compiles C# {3}; set <LangVersion> to {1} or later"),
        ProblemKind.ReferencedUnderAlias => ("Referenced only under an extern alias",
            "'{0}' needs {1} in the global namespace, where its generated code looks for it ('global::{1}'), but the project references {2} only under the extern alias '{3}'; add 'global' to the reference's aliases (Aliases=\"global,{3}\")"),
        ProblemKind.UnsupportedCombination => ("Unsupported combination of hypernet options",
            "'{0}' combines {1} with {2}, which HyperGen does not support; {3}"),
        ProblemKind.MissingMainnet => ("Custom-forward hypernet without its Mainnet",
            "'{0}' declares its tensors with [GenerateTensor], so you write the mainnet: add 'public static partial Tensor Mainnet(Tensor x, Weights w) {{ … }}' to the class"),
        ProblemKind.MainnetSignature => ("Custom Mainnet does not match its generated declaration",
            "'{0}' declares Mainnet {1}; write it as 'public static partial Tensor Mainnet(Tensor x, Weights w)' so it implements the generated partial declaration"),
        _ => ("Unknown problem", "{0}"),
    };
}

/// <summary>One problem found by the parser, located as precisely as the source allows.</summary>
internal sealed class SpecProblem(ProblemKind kind, Location? location, ImmutableArray<string> args, ImmutableDictionary<string, string?> properties)
{
    public ProblemKind Kind { get; } = kind;
    public Location? Location { get; } = location;
    public ImmutableArray<string> Args { get; } = args;
    /// <summary>Data for code fixes, e.g. <c>Inferred</c> = the size the previous layer produces.</summary>
    public ImmutableDictionary<string, string?> Properties { get; } = properties;
    public override string ToString() => ProblemCatalog.Id(Kind) + ": " + string.Format(System.Globalization.CultureInfo.InvariantCulture, ProblemCatalog.Text(Kind).Message, System.Linq.Enumerable.ToArray<object>(Args));
}
