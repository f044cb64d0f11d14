using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using HyperGen.Generators.Spec;

namespace HyperGen.Analyzers.Heads;

/// <summary>Where a head is known from (the order of preference).</summary>
internal enum HeadSource { Generated, Attribute, Inferred }

/// <summary>
/// What the analyzers know about one hypernet output head: enough to say what it generates and to write the
/// matching HyperInit call. <see cref="Shape"/> holds C# expressions (literals, the generator's
/// <c>Targets.X.DimN</c> constants, or the user's own members); empty when the shape is not known.
/// </summary>
internal sealed record HeadInfo(
    string Member,
    HeadSource Source,
    TensorRole Role,
    ImmutableArray<string> Shape,
    ImmutableArray<long?> ShapeValues,
    Activation Activation,
    double NegativeSlope,
    bool BiasGenerated,
    string? Moment,
    string? Detail = null)
{
    public const double DefaultNegativeSlope = 0.01;

    public bool CanFix => !Shape.IsDefaultOrEmpty;

    /// <summary>For the message: <c>hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)</c>.</summary>
    public string Describe()
    {
        if (Detail is not null)
            return $"hypernet head '{Member}' ({Detail})";
        string shape = ShapeValues.IsDefaultOrEmpty ? "" : "[" + string.Join(", ", ShapeValues.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "?")) + "]";
        string activation = Activation == Activation.Identity ? "with no activation" : "followed by " + Activation;
        string what = Role == TensorRole.Weight
            ? (shape.Length > 0 ? $"the {shape} weight" : "the weight") + $" of a layer {activation}"
            : $"the bias of a layer {activation}" + (shape.Length > 0 ? $" whose weight is {shape}" : "");
        string prefix = Source == HeadSource.Inferred ? "inferred hypernet head" : "hypernet head";
        return $"{prefix} '{Member}' (generates {what})";
    }

    public ImmutableDictionary<string, string?> Properties()
    {
        var b = ImmutableDictionary.CreateBuilder<string, string?>();
        b[FixProperties.Source] = Source switch { HeadSource.Generated => "generated", HeadSource.Attribute => "attribute", _ => "inferred" };
        if (!CanFix)
            return b.ToImmutable();
        b[FixProperties.Fix] = FixProperties.HeadFix;
        b[FixProperties.Role] = Role.ToString();
        b[FixProperties.Shape] = string.Join(";", Shape);
        b[FixProperties.Activation] = Activation.ToString();
        if (Activation == Activation.LeakyReLU && NegativeSlope != DefaultNegativeSlope)
            b[FixProperties.NegativeSlope] = Literal(NegativeSlope);
        b[FixProperties.BiasGenerated] = BiasGenerated ? "true" : "false";
        if (Moment is not null)
            b[FixProperties.Moment] = Moment;
        return b.ToImmutable();
    }

    public static string Literal(double value)
    {
        string s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.Contains(".") || s.Contains("E") || s.Contains("e") ? s : s + ".0";
    }
}
