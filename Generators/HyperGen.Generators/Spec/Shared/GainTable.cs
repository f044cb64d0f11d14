// Linked source (see Enums.cs): the squared gains. The runtime's Gain.Squared validates and delegates here;
// the generator reads them for the target variances it writes into doc comments.
#if HYPERGEN_RUNTIME
namespace HyperGen;
#else
namespace HyperGen.Generators.Spec;
#endif

/// <summary>Squared gains <c>c</c> and the hyperfan target variances built from them (no argument checks).</summary>
internal static class GainTable
{
    /// <summary><c>1 / E[GELU(z)²]</c> for <c>z ~ N(0, 1)</c>, computed by quadrature (the test suite re-derives it).</summary>
    public const double GeluSquared = 2.3517156140734700;

    /// <summary><c>1 / E[SiLU(z)²]</c> for <c>z ~ N(0, 1)</c>, computed by quadrature (the test suite re-derives it).</summary>
    public const double SiluSquared = 2.8107611240745913;

    /// <summary>The squared gain of <paramref name="activation"/>; NaN for a value outside the enum.</summary>
    public static double Squared(Activation activation, double negativeSlope) => activation switch
    {
        Activation.Identity or Activation.Sigmoid => 1.0,
        Activation.ReLU => 2.0,
        Activation.LeakyReLU => 2.0 / (1.0 + negativeSlope * negativeSlope),
        Activation.Tanh => 25.0 / 9.0,
        Activation.SELU => 9.0 / 16.0,
        Activation.GELU => GeluSquared,
        Activation.SiLU => SiluSquared,
        _ => double.NaN,
    };

    /// <summary>
    /// Target variance of a generated weight: hyperfan-in <c>c/d_j</c> (<c>c/(2·d_j)</c> when the bias is generated too),
    /// hyperfan-out <c>c/d_i</c>, harmonic: the harmonic mean of the two.
    /// </summary>
    public static double WeightVariance(HyperfanMode mode, long fanIn, long fanOut, double gainSquared, bool biasGenerated) =>
        Select(mode, biasGenerated ? gainSquared / (2.0 * fanIn) : gainSquared / fanIn, gainSquared / fanOut);

    /// <summary>Target variance of a generated bias: hyperfan-in <c>c/2</c>, hyperfan-out <c>max(0, c·(1 − d_j/d_i))</c>, harmonic: their harmonic mean.</summary>
    public static double BiasVariance(HyperfanMode mode, long fanIn, long fanOut, double gainSquared) =>
        Select(mode, gainSquared / 2.0, System.Math.Max(0.0, gainSquared * (1.0 - (double)fanIn / fanOut)));

    /// <summary>The true harmonic mean <c>2ab/(a+b)</c>; 0 when either is 0.</summary>
    public static double HarmonicMean(double a, double b) => a == 0 || b == 0 ? 0.0 : 2.0 * a * b / (a + b);

    static double Select(HyperfanMode mode, double fanIn, double fanOut) => mode switch
    {
        HyperfanMode.In => fanIn,
        HyperfanMode.Out => fanOut,
        _ => HarmonicMean(fanIn, fanOut),
    };
}
