namespace HyperGen.Generators.Spec;

// Mirrors of the runtime's public enums. The generator targets netstandard2.0 and must not load the
// runtime assembly, so it reads attribute arguments as these; a test pins names and values to the runtime's.

/// <summary>Mirror of <c>HyperGen.Activation</c>.</summary>
internal enum ActivationKind { Identity, ReLU, LeakyReLU, Tanh, Sigmoid, GELU, SELU, SiLU }

/// <summary>Mirror of <c>HyperGen.HyperfanMode</c>.</summary>
internal enum ModeKind { In, Out, Harmonic }

/// <summary>Mirror of <c>HyperGen.TensorRole</c>.</summary>
internal enum RoleKind { Weight, Bias }

/// <summary>The mainnet layer attributes, in the runtime's names; <c>Custom</c> marks a [GenerateTensor] target.</summary>
internal enum LayerKind { Linear, Conv1d, Conv2d, MaxPool2d, AvgPool2d, Flatten, Custom }

/// <summary>How the heads' input is conditioned.</summary>
internal enum FormKind
{
    /// <summary>Unconditional: one mainnet.</summary>
    Plain,
    /// <summary>Learned task embeddings, <c>forward(x, condition)</c>.</summary>
    Task,
    /// <summary>An external condition per sample, one mainnet per sample in a batched pass.</summary>
    Data,
    /// <summary>Noise z ~ N(0, I) per call: sampled weights.</summary>
    Noise,
}

internal static class KindsExtensions
{
    public static bool HasWeights(this LayerKind kind) => kind is LayerKind.Linear or LayerKind.Conv1d or LayerKind.Conv2d;
}
