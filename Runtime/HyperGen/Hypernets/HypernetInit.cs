using System;

namespace HyperGen;

/// <summary>How a hypernet's parameters were initialised: the head init, its hyperfan mode, and whether <c>V_e</c> was calibrated.</summary>
/// <param name="Heads">Hyperfan, or one of the classical inits applied to the heads for comparison.</param>
/// <param name="Mode">The hyperfan mode (for classical heads: the mode whose targets the report compares against).</param>
/// <param name="Calibrated">Whether hyperfan init used the realised head inputs (false for classical heads).</param>
public sealed record HypernetInit(HeadInit Heads, HyperfanMode Mode, bool Calibrated)
{
    /// <summary><c>hyperfan-in (calibrated)</c>, <c>hyperfan-out (expected V_e)</c>, <c>Kaiming on heads</c>, …</summary>
    public override string ToString() => Heads switch
    {
        HeadInit.Hyperfan => (Mode switch { HyperfanMode.In => "hyperfan-in", HyperfanMode.Out => "hyperfan-out", _ => "hyperfan-harmonic" })
                             + (Calibrated ? " (calibrated)" : " (expected V_e)"),
        HeadInit.Xavier => "Xavier on heads",
        _ => "Kaiming on heads",
    };

    /// <summary>The codes a checkpoint stores (<c>initRecord</c>): small integers, exact in any floating dtype.</summary>
    internal double[] ToRecord() => [(double)Heads, (double)Mode, Calibrated ? 1 : 0];

    /// <summary>Reads <see cref="ToRecord"/>'s codes; null when they are not a valid record (e.g. "not recorded").</summary>
    internal static HypernetInit? FromRecord(ReadOnlySpan<double> codes)
    {
        if (codes.Length != 3 || !IsCode(codes[0], out int heads) || !IsCode(codes[1], out int mode) || !IsCode(codes[2], out int calibrated)
            || !Enum.IsDefined((HeadInit)heads) || !Enum.IsDefined((HyperfanMode)mode) || calibrated > 1)
            return null;
        return new HypernetInit((HeadInit)heads, (HyperfanMode)mode, calibrated == 1);
    }

    /// <summary>The record of "not recorded" (a checkpoint written before the record existed).</summary>
    internal static double[] UnknownRecord => [-1, -1, -1];

    static bool IsCode(double value, out int code)
    {
        code = (int)value;
        return value >= 0 && value <= 16 && code == value;
    }
}
