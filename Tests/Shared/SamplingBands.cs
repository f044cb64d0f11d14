using System;

namespace HyperGen.Tests.Shared;

/// <summary>
/// How far a realised Var(W)/target may honestly stray from 1 through sampling noise alone. The sample variance
/// of n near-Gaussian values is σ²·χ²_n/n; its quantiles (Wilson–Hilferty) are ≈ 1 ± z·√(2/n) for large n, and
/// for small n keep the χ² distribution's long upper tail, which a symmetric ±z·√(2/n) band cuts off (at n = 10 it
/// would fail one run in a few hundred).
/// </summary>
internal static class SamplingBands
{
    /// <summary>Standard deviations on each side: 4.5 keeps a suite of a few thousand such checks from failing by chance.</summary>
    public const double Z = 4.5;

    public static (double Low, double High) Of(long n, double z = Z)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be positive.");
        double a = 2.0 / (9 * n);
        return (Math.Max(0, Math.Pow(1 - a - z * Math.Sqrt(a), 3)), Math.Pow(1 - a + z * Math.Sqrt(a), 3));
    }

    public static bool Contains(long n, double ratio, double z = Z)
    {
        var (low, high) = Of(n, z);
        return ratio >= low && ratio <= high;
    }
}
