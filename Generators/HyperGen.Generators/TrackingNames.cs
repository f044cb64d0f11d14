namespace HyperGen.Generators;

/// <summary>Names of the incremental pipeline's steps, for tracking tests (Mapperly style).</summary>
internal static class TrackingNames
{
    /// <summary>The <see cref="Incremental.DeclarationSnapshot"/>: Cached when an edit stayed inside member bodies.</summary>
    public const string Declarations = nameof(Declarations);
    /// <summary>One spec per <c>[Hypernet]</c> class: its full spec, or the surface spec of a class with problems.</summary>
    public const string Specs = nameof(Specs);
}
