namespace HyperGen.Generators.Spec;

// Activation, HyperfanMode, TensorRole, HeadInit, Conditioning and HeadLayout are the runtime's own enums,
// compiled in from Shared/ (linked source). The kinds below exist only at compile time.

/// <summary>The mainnet layer attributes, in the runtime's names; <c>Custom</c> marks a [GenerateTensor] target.</summary>
internal enum LayerKind { Linear, Conv1d, Conv2d, MaxPool2d, AvgPool2d, Flatten, Custom }

/// <summary>Who writes the mainnet's forward: the third axis of a hypernet's form.</summary>
internal enum ForwardKind
{
    /// <summary>The generator, from layer attributes (<c>Mainnet</c>, and <c>MainnetBatched</c> for batched forms).</summary>
    Generated,
    /// <summary>The user, over [GenerateTensor] targets: the generator declares <c>static partial Mainnet</c>.</summary>
    Custom,
}

internal static class KindsExtensions
{
    public static bool HasWeights(this LayerKind kind) => kind is LayerKind.Linear or LayerKind.Conv1d or LayerKind.Conv2d;

    /// <summary>Whether the form runs M mainnets at once (one per condition row or noise sample), so it gets <c>MainnetBatched</c>.</summary>
    public static bool IsBatched(this Conditioning conditioning) => conditioning is Conditioning.Input or Conditioning.Noise;
}
