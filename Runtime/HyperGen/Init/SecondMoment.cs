using System;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>
/// The second moment <c>V_e = E[e²]</c> of a head's input — a second moment, not a variance: it differs
/// when <c>e</c> comes out of a ReLU. Two ways to obtain it: <b>expected</b>, from how the embedding and
/// the hidden layers were initialised (<see cref="OfUniform"/>, <see cref="OfNormal"/>, <see cref="AfterLayer"/>,
/// <see cref="Concatenated"/>), and <b>calibrated</b>, from the realised input (<see cref="Calibrated"/>).
/// </summary>
public static class SecondMoment
{
    /// <summary><c>E[x²]</c> for <c>x ~ U(low, high)</c>: <c>(low² + low·high + high²) / 3</c>; <c>U(−√3, √3)</c> gives 1.</summary>
    public static double OfUniform(double low, double high)
    {
        Guard.Finite(low, nameof(low));
        Guard.Finite(high, nameof(high));
        if (!(high > low))
            throw new ArgumentOutOfRangeException(nameof(high), high, $"high must exceed low ({low}); got {high}.");
        return (low * low + low * high + high * high) / 3.0;
    }

    /// <summary><c>E[x²]</c> for <c>x ~ N(mean, std²)</c>: <c>mean² + std²</c>.</summary>
    public static double OfNormal(double mean, double std)
    {
        Guard.Finite(mean, nameof(mean));
        Guard.PositiveFinite(std, nameof(std));
        return mean * mean + std * std;
    }

    /// <summary>
    /// <c>E[f(a)²]</c> for a pre-activation <c>a ~ N(0, v)</c>. Exact for identity, ReLU and leaky ReLU
    /// (<c>v</c>, <c>v/2</c>, <c>v(1+a²)/2</c>); by Gaussian quadrature for the others (the pre-activation of a
    /// wide layer with zero-mean weights is close to Gaussian).
    /// </summary>
    public static double OfActivation(Activation activation, double preActivationVariance, double negativeSlope = Gain.DefaultNegativeSlope)
    {
        Guard.NonNegativeFinite(preActivationVariance, nameof(preActivationVariance));
        Guard.Finite(negativeSlope, nameof(negativeSlope));
        double v = preActivationVariance;
        switch (activation)
        {
            case Activation.Identity: return v;
            case Activation.ReLU: return v / 2.0;
            case Activation.LeakyReLU: return v * (1.0 + negativeSlope * negativeSlope) / 2.0;
            case Activation.Tanh: return GaussianMeanOfSquare(Math.Tanh, v);
            case Activation.Sigmoid: return GaussianMeanOfSquare(x => 1.0 / (1.0 + Math.Exp(-x)), v);
            case Activation.GELU: return GaussianMeanOfSquare(x => x * NormalCdf(x), v);
            case Activation.SiLU: return GaussianMeanOfSquare(x => x / (1.0 + Math.Exp(-x)), v);
            case Activation.SELU:
                const double lambda = 1.0507009873554805, alpha = 1.6732632423543772;
                return GaussianMeanOfSquare(x => x > 0 ? lambda * x : lambda * alpha * (Math.Exp(x) - 1.0), v);
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, $"Unknown activation {(int)activation}.");
        }
    }

    /// <summary>
    /// <c>E[h²]</c> after one dense layer <c>h = f(W·x + b)</c> with zero-mean weights of variance
    /// <paramref name="weightVariance"/> and biases of variance <paramref name="biasVariance"/>:
    /// the pre-activation variance is <c>fanIn·Var(W)·E[x²] + Var(b)</c>.
    /// Kaiming init with the activation's own gain and zero biases preserves the moment for ReLU-like
    /// activations; Xavier followed by ReLU halves it per layer.
    /// </summary>
    public static double AfterLayer(double inputSecondMoment, long fanIn, double weightVariance, Activation activation,
        double biasVariance = 0, double negativeSlope = Gain.DefaultNegativeSlope)
    {
        Guard.PositiveFinite(inputSecondMoment, nameof(inputSecondMoment));
        Guard.Positive(fanIn, nameof(fanIn));
        Guard.NonNegativeFinite(weightVariance, nameof(weightVariance));
        Guard.NonNegativeFinite(biasVariance, nameof(biasVariance));
        return OfActivation(activation, fanIn * weightVariance * inputSecondMoment + biasVariance, negativeSlope);
    }

    /// <summary>
    /// The second moment of several inputs concatenated into one head input: the dimension-weighted mean
    /// <c>Σ d_i·m_i / Σ d_i</c> (e.g. a task embedding next to a layer embedding).
    /// </summary>
    public static double Concatenated(params (long Dimension, double SecondMoment)[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0)
            throw new ArgumentException("At least one part is needed.", nameof(parts));
        double weighted = 0;
        long total = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            Guard.Positive(parts[i].Dimension, $"{nameof(parts)}[{i}].Dimension");
            Guard.PositiveFinite(parts[i].SecondMoment, $"{nameof(parts)}[{i}].SecondMoment");
            weighted += parts[i].Dimension * parts[i].SecondMoment;
            total = checked(total + parts[i].Dimension);
        }
        return weighted / total;
    }

    /// <summary>
    /// Calibrated <c>V_e</c>: the realised <c>mean(e²)</c> of a head's actual input. Use it when the head's
    /// input is known at init (unconditional hypernets, whose embeddings are their own parameters): the
    /// generated tensor then hits its target variance up to the sampling noise of the head alone.
    /// </summary>
    /// <exception cref="ArgumentException">The input is empty, not finite, or all zeros.</exception>
    public static double Calibrated(Tensor headInput)
    {
        ArgumentNullException.ThrowIfNull(headInput);
        if (headInput.numel() == 0)
            throw new ArgumentException("Cannot calibrate on an empty tensor.", nameof(headInput));
        double moment = InitReport.SecondMomentOf(headInput);
        if (!(moment > 0) || double.IsInfinity(moment))
            throw new ArgumentException($"The head input's second moment is {moment}; it must be positive and finite to calibrate on it" +
                (moment == 0 ? " (all zero: with narrow ReLU hidden layers every unit can be negative; HypernetParts.ReviveDeadHeadInputs redraws such rows)." : "."),
                nameof(headInput));
        return moment;
    }

    /// <summary>Standard normal CDF Φ(x), accurate to about 1e-7.</summary>
    internal static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2.0));

    // Complementary error function, Numerical Recipes' Chebyshev fit (fractional error < 1.2e-7).
    static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
                   t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
                   t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2.0 - r;
    }

    // E[f(√v·z)²] for z ~ N(0, 1) by composite Simpson on [−12, 12] (the tails beyond carry < 1e-30).
    static double GaussianMeanOfSquare(Func<double, double> f, double v)
    {
        const int n = 4000;
        const double limit = 12.0;
        double h = 2 * limit / n, sd = Math.Sqrt(v), sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double z = -limit + i * h;
            double fz = f(sd * z);
            double w = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += w * fz * fz * Math.Exp(-z * z / 2);
        }
        return sum * h / 3 / Math.Sqrt(2 * Math.PI);
    }
}
