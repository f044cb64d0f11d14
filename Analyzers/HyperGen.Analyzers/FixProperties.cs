namespace HyperGen.Analyzers;

/// <summary>
/// Keys of the <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> the analyzers attach for the code
/// fixes, so a fix never has to redo the analysis. Shared with HyperGen.CodeFixes and the tests.
/// </summary>
public static class FixProperties
{
    /// <summary>HG0001: which fix applies — <see cref="HeadFix"/>, <see cref="ApplyFix"/> or absent (no fix).</summary>
    public const string Fix = "Fix";
    /// <summary>Value of <see cref="Fix"/>: replace the init call with a HyperInit call.</summary>
    public const string HeadFix = "Head";
    /// <summary>Value of <see cref="Fix"/>: replace the <c>apply(...)</c> statement with <c>ResetParameters(mode, calibrate)</c>.</summary>
    public const string ApplyFix = "Apply";
    /// <summary>Value of <see cref="Fix"/>: replace the <c>foreach</c> over <c>named_parameters()</c>/<c>modules()</c>/… with <c>ResetParameters(mode, calibrate)</c>.</summary>
    public const string LoopFix = "Loop";
    /// <summary><c>Weight</c> or <c>Bias</c>: InitWeightHead or InitBiasHead.</summary>
    public const string Role = "Role";
    /// <summary>The (layer weight) shape as C# expressions separated by <c>;</c>.</summary>
    public const string Shape = "Shape";
    /// <summary>The mainnet activation's <c>HyperGen.Activation</c> member name.</summary>
    public const string Activation = "Activation";
    /// <summary>The leaky ReLU slope as a C# literal; absent for the default.</summary>
    public const string NegativeSlope = "NegativeSlope";
    /// <summary><c>true</c>/<c>false</c>: whether the layer's bias is generated (weight heads).</summary>
    public const string BiasGenerated = "BiasGenerated";
    /// <summary>The head input's second moment as a C# expression; absent for 1.</summary>
    public const string Moment = "Moment";
    /// <summary>HG0001 apply and loop fixes: the class's Calibrate setting, <c>true</c>/<c>false</c>.</summary>
    public const string Calibrate = "Calibrate";
    /// <summary>HG0001: <c>true</c> when the init is the tensor's own <c>uniform_</c>/<c>normal_</c> (the tensor is the receiver, not argument 0).</summary>
    public const string TensorMethod = "TensorMethod";
    /// <summary>Where the head is known from: <c>generated</c>, <c>attribute</c> or <c>inferred</c>.</summary>
    public const string Source = "Source";
}
