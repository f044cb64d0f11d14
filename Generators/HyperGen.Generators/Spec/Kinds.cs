namespace HyperGen.Generators.Spec;

// Mirrors of the runtime's public enums. The generator targets netstandard2.0 and must not load the
// runtime assembly, so it reads attribute arguments as these; a test pins names and values to the runtime's.

/// <summary>Mirror of <c>HyperGen.Activation</c>.</summary>
internal enum ActivationKind { Identity, ReLU, LeakyReLU, Tanh, Sigmoid, GELU, SELU, SiLU }

/// <summary>Mirror of <c>HyperGen.HyperfanMode</c>.</summary>
internal enum ModeKind { In, Out, Harmonic }

/// <summary>Mirror of <c>HyperGen.TensorRole</c>.</summary>
internal enum RoleKind { Weight, Bias }

/// <summary>The mainnet layer attributes, in the runtime's names.</summary>
internal enum LayerKind { Linear, Conv1d, Conv2d, MaxPool2d, AvgPool2d, Flatten }

internal static class KindsExtensions
{
    public static bool HasWeights(this LayerKind kind) => kind is LayerKind.Linear or LayerKind.Conv1d or LayerKind.Conv2d;
}
