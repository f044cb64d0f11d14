// Linked source (see Enums.cs): the attributes' defaults, read by the runtime's attribute classes and
// HypernetDefinition, and by the generator, which writes only the settings that differ from them.
#if HYPERGEN_RUNTIME
namespace HyperGen;
#else
namespace HyperGen.Generators.Spec;
#endif

/// <summary>The default of every attribute option, in one place.</summary>
internal static class HypernetDefaults
{
    /// <summary><c>[Hypernet(Embedding)]</c>: width <c>d_k</c> of each learned embedding.</summary>
    public const int Embedding = 64;
    /// <summary><c>[Hypernet(HiddenActivation)]</c>.</summary>
    public const Activation HiddenActivation = Activation.ReLU;
    /// <summary><c>[Hypernet(Init)]</c>.</summary>
    public const HyperfanMode Init = HyperfanMode.In;
    /// <summary><c>[Hypernet(Calibrate)]</c>.</summary>
    public const bool Calibrate = true;
    /// <summary><c>[Hypernet(ConditionSecondMoment)]</c>: <c>E[c²]</c> of a standardised condition.</summary>
    public const double ConditionSecondMoment = 1.0;
    /// <summary>The activation after a layer or [GenerateTensor]: none.</summary>
    public const Activation LayerActivation = Activation.Identity;
    /// <summary>Leaky ReLU's negative slope, as in PyTorch's <c>nn.LeakyReLU</c>.</summary>
    public const double NegativeSlope = 0.01;
    /// <summary>Whether a weight layer's bias is generated.</summary>
    public const bool Bias = true;
    /// <summary>Convolution stride.</summary>
    public const int ConvolutionStride = 1;
    /// <summary>Pooling stride: 0 means the window size.</summary>
    public const int PoolingStride = 0;
    /// <summary>Zero padding of convolutions and pooling.</summary>
    public const int Padding = 0;
    /// <summary>Noise draws that calibrate a noise-conditioned hypernet's head inputs.</summary>
    public const int NoiseCalibrationDraws = 1024;
    /// <summary>Mainnets sampled by <c>InitReport</c> for the input- and noise-conditioned forms.</summary>
    public const int ReportSamples = 256;
}
