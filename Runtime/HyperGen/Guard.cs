using System;
using System.Globalization;

namespace HyperGen;

/// <summary>Argument checks whose messages name the parameter and the bad value.</summary>
internal static class Guard
{
    public static void Positive(long value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive; got {value.ToString(CultureInfo.InvariantCulture)}.");
    }

    public static void PositiveFinite(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number; got {value.ToString("R", CultureInfo.InvariantCulture)}.");
    }

    public static void NonNegativeFinite(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number ≥ 0; got {value.ToString("R", CultureInfo.InvariantCulture)}.");
    }

    public static void Finite(double value, string name)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite; got {value.ToString("R", CultureInfo.InvariantCulture)}.");
    }
}
