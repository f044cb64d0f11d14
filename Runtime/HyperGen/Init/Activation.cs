namespace HyperGen;

/// <summary>
/// The nonlinearity that follows a mainnet layer (or a hidden hypernet layer). It sets the squared gain
/// <c>c</c> of the hyperfan formulas; see <see cref="Gain.Squared(Activation, double)"/>.
/// </summary>
public enum Activation
{
    /// <summary>No nonlinearity (a linear output layer). <c>c = 1</c>.</summary>
    Identity,
    /// <summary>Rectified linear unit. <c>c = 2</c>.</summary>
    ReLU,
    /// <summary>Leaky ReLU with a negative slope <c>a</c> (default 0.01). <c>c = 2 / (1 + a²)</c>.</summary>
    LeakyReLU,
    /// <summary>Hyperbolic tangent. <c>c = (5/3)²</c>, PyTorch's gain.</summary>
    Tanh,
    /// <summary>Logistic sigmoid. <c>c = 1</c>, PyTorch's gain.</summary>
    Sigmoid,
    /// <summary>Gaussian error linear unit. <c>c = 1 / E[GELU(z)²] ≈ 2.3517</c> for <c>z ~ N(0, 1)</c> (PyTorch defines no gain).</summary>
    GELU,
    /// <summary>Scaled exponential linear unit. <c>c = (3/4)²</c>, PyTorch's gain.</summary>
    SELU,
    /// <summary>SiLU / swish. <c>c = 1 / E[SiLU(z)²] ≈ 2.8108</c> for <c>z ~ N(0, 1)</c> (PyTorch defines no gain).</summary>
    SiLU,
}
