namespace HyperGen.Generators;

/// <summary>Names of the incremental pipeline's steps, for tracking tests (Mapperly style).</summary>
internal static class TrackingNames
{
    public const string Specs = nameof(Specs);
    public const string ValidSpecs = nameof(ValidSpecs);
    public const string Output = nameof(Output);
}
