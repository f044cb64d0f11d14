using System;
using System.Linq;
using static TorchSharp.torch;

namespace HyperGen.Samples.Regression;

/// <summary>A 1-D regression data set: inputs <c>[N, 1]</c>, targets <c>[N, 1]</c> (float32), plus the plain arrays for plots.</summary>
public sealed class RegressionData : IDisposable
{
    public RegressionData(double[] x, double[] y, double inputScale, Device device)
    {
        X = x;
        Y = y;
        Inputs = tensor(x.Select(v => (float)(v * inputScale)).ToArray(), [x.Length, 1]).to(device);
        Targets = tensor(y.Select(v => (float)v).ToArray(), [y.Length, 1]).to(device);
    }

    /// <summary>Raw inputs.</summary>
    public double[] X { get; }
    /// <summary>Raw targets.</summary>
    public double[] Y { get; }
    /// <summary>Scaled inputs for the mainnet, <c>[N, 1]</c>.</summary>
    public Tensor Inputs { get; }
    /// <summary>Targets, <c>[N, 1]</c>.</summary>
    public Tensor Targets { get; }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}

/// <summary>The regression problems of the continual and Bayesian samples.</summary>
public static class Tasks
{
    /// <summary>Noise std of the continual tasks' targets.</summary>
    public const double ContinualNoise = 0.05;

    /// <summary>
    /// Task <paramref name="k"/> of <paramref name="count"/> (von Oswald et al.'s toy problem, generalised):
    /// <c>y = (x − c_k)³</c> on <c>[c_k − 1, c_k + 1]</c>, centres 3 apart around 0 (three tasks: −3, 0, 3).
    /// </summary>
    public static double Centre(int k, int count) => 3.0 * (k - (count - 1) / 2.0);

    /// <summary>The true function of task <paramref name="k"/>.</summary>
    public static double Polynomial(int k, int count, double x) => Math.Pow(x - Centre(k, count), 3);

    /// <summary>Half-width of the input domain of <paramref name="count"/> tasks: every input lies in ±this.</summary>
    public static double Domain(int count) => 3.0 * (count - 1) / 2.0 + 1.0;

    /// <summary>Standardises inputs uniform on ±domain to E[x²] = 1 (x·√3 / domain), as hyperfan init assumes.</summary>
    public static double InputScale(double domain) => Math.Sqrt(3.0) / domain;

    /// <summary>Noisy samples of task <paramref name="k"/>, evenly spaced with jitter.</summary>
    public static (double[] X, double[] Y) ContinualTask(int k, int count, int points, Random random)
    {
        double c = Centre(k, count);
        var x = Enumerable.Range(0, points).Select(i => c - 1 + 2.0 * (i + random.NextDouble()) / points).ToArray();
        var y = x.Select(v => Polynomial(k, count, v) + ContinualNoise * Gaussian(random)).ToArray();
        return (x, y);
    }

    /// <summary>Noise std of the Bayesian sample's targets.</summary>
    public const double BayesNoise = 0.1;

    /// <summary>Half-width of the Bayesian sample's gap: no data in (−gap, gap).</summary>
    public const double BayesGap = 2.0;

    /// <summary>Half-width of the Bayesian sample's data domain.</summary>
    public const double BayesDomain = 4.0;

    /// <summary>The Bayesian sample's true function.</summary>
    public static double BayesFunction(double x) => Math.Sin(x) + 0.1 * x;

    /// <summary><c>y = sin x + 0.1·x + noise</c> on <c>[−4, −2] ∪ [2, 4]</c>: a gap in the middle.</summary>
    public static (double[] X, double[] Y) WithGap(int points, Random random)
    {
        int half = points / 2;
        double span = BayesDomain - BayesGap;
        var left = Enumerable.Range(0, half).Select(_ => -BayesDomain + span * random.NextDouble());
        var right = Enumerable.Range(0, points - half).Select(_ => BayesGap + span * random.NextDouble());
        var x = left.Concat(right).ToArray();
        var y = x.Select(v => BayesFunction(v) + BayesNoise * Gaussian(random)).ToArray();
        return (x, y);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Evenly spaced points on [lo, hi].</summary>
    public static double[] Grid(double lo, double hi, int n) => Enumerable.Range(0, n).Select(i => lo + (hi - lo) * i / (n - 1)).ToArray();
}
