namespace HyperGen.CodeFixes;

/// <summary>
/// The equivalence keys of every HyperGen code action (after xunit.analyzers): FixAll groups actions by them,
/// and the tests select the action to apply by them.
/// </summary>
public static class EquivalenceKeys
{
    /// <summary>HG0001: switch to hyperfan-in.</summary>
    public const string HyperfanIn = "HyperGen.HyperfanIn";
    /// <summary>HG0001: switch to hyperfan-out.</summary>
    public const string HyperfanOut = "HyperGen.HyperfanOut";
    /// <summary>HG0003 and HG0032: add the <c>partial</c> modifier.</summary>
    public const string MakePartial = "HyperGen.MakePartial";
    /// <summary>HG0008: use the size the previous layer produces.</summary>
    public const string UseInferredSize = "HyperGen.UseInferredSize";
    /// <summary>HG0018: insert <c>[Flatten]</c> before the Linear layer.</summary>
    public const string InsertFlatten = "HyperGen.InsertFlatten";
    /// <summary>HG0026: make the constructor call <c>: this()</c>.</summary>
    public const string ChainToThis = "HyperGen.ChainToThis";
}
