using System;

namespace HyperGen;

/// <summary>How a hypernet's parameters were initialised: the head init, its hyperfan mode, and whether <c>V_e</c> was calibrated.</summary>
/// <param name="Heads">Hyperfan, or one of the classical inits applied to the heads for comparison.</param>
/// <param name="Mode">The hyperfan mode (for classical heads: the mode whose targets the report compares against).</param>
/// <param name="Calibrated">Whether hyperfan init used the realised head inputs (false for classical heads).</param>
public sealed record HypernetInit(HeadInit Heads, HyperfanMode Mode, bool Calibrated)
{
    /// <summary>What the init had to redraw because narrow ReLU hidden layers left head inputs all zero (usually nothing).</summary>
    public HeadInputRevival Revival { get; init; }

    /// <summary><c>hyperfan-in (calibrated)</c>, <c>hyperfan-out (expected V_e)</c>, <c>Kaiming on heads</c>, …, then any redraws.</summary>
    public override string ToString() => Heads switch
    {
        HeadInit.Hyperfan => (Mode switch { HyperfanMode.In => "hyperfan-in", HyperfanMode.Out => "hyperfan-out", _ => "hyperfan-harmonic" })
                             + (Calibrated ? " (calibrated)" : " (expected V_e)"),
        HeadInit.Xavier => "Xavier on heads",
        _ => "Kaiming on heads",
    } + (Revival.Untouched ? "" : "; " + Revival.Note);

    /// <summary>Largest count the record keeps exactly in every floating dtype (bfloat16 holds integers up to 256).</summary>
    const int MaxCount = 255;

    /// <summary>
    /// The codes a checkpoint stores (<c>initRecord</c>): head init, mode, calibrated, then the redraw counts (capped at
    /// 255) — small integers, exact in any floating dtype a model may be converted to.
    /// </summary>
    internal double[] ToRecord() =>
        [(double)Heads, (double)Mode, Calibrated ? 1 : 0, Math.Min(Revival.RowDraws, MaxCount), Math.Min(Revival.HiddenDraws, MaxCount), Math.Min(Revival.StillDead, MaxCount)];

    /// <summary>Reads <see cref="ToRecord"/>'s codes (<paramref name="rows"/>: the hypernet's embedding rows); null when they are not a valid record.</summary>
    internal static HypernetInit? FromRecord(ReadOnlySpan<double> codes, int rows)
    {
        if (codes.Length != RecordLength || !IsCode(codes[0], out int heads) || !IsCode(codes[1], out int mode) || !IsCode(codes[2], out int calibrated)
            || !IsCode(codes[3], out int rowDraws) || !IsCode(codes[4], out int hiddenDraws) || !IsCode(codes[5], out int stillDead)
            || !Enum.IsDefined((HeadInit)heads) || !Enum.IsDefined((HyperfanMode)mode) || calibrated > 1)
            return null;
        return new HypernetInit((HeadInit)heads, (HyperfanMode)mode, calibrated == 1)
        {
            Revival = rowDraws + hiddenDraws + stillDead == 0 ? default : new HeadInputRevival(rows, rowDraws, hiddenDraws, stillDead),
        };
    }

    /// <summary>Codes in a record.</summary>
    internal const int RecordLength = 6;

    /// <summary>The record of "not recorded" (a checkpoint written before the record existed).</summary>
    internal static double[] UnknownRecord => [-1, -1, -1, -1, -1, -1];

    static bool IsCode(double value, out int code)
    {
        code = (int)value;
        return value >= 0 && value <= MaxCount && code == value;
    }
}
