using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>
/// What <see cref="HypernetParts.ReviveDeadHeadInputs"/> had to redraw. A narrow ReLU hidden MLP can map an embedding to
/// all zeros (every unit negative: probability 2^−n per layer of width n); the heads then generate nothing but their
/// zero bias for that layer, and calibration has no moment to divide by.
/// </summary>
/// <param name="Rows">Head-input rows checked (one per learned embedding row).</param>
/// <param name="RowDraws">Embedding rows redrawn, counting repeats.</param>
/// <param name="HiddenDraws">Times the hidden layers were redrawn (when redrawing rows alone did not help).</param>
/// <param name="StillDead">Rows still all zero after every try (their tensors come out zero; not seen in practice).</param>
public readonly record struct HeadInputRevival(int Rows, int RowDraws, int HiddenDraws, int StillDead)
{
    /// <summary>Nothing was redrawn.</summary>
    public bool Untouched => RowDraws == 0 && HiddenDraws == 0 && StillDead == 0;

    /// <summary>A note for the init description, or "" when nothing happened.</summary>
    public string Note => Untouched ? "" : string.Create(CultureInfo.InvariantCulture,
        $"{(RowDraws > 0 ? $"{RowDraws} embedding-row redraw{(RowDraws == 1 ? "" : "s")}" : "")}" +
        $"{(RowDraws > 0 && HiddenDraws > 0 ? " and " : "")}" +
        $"{(HiddenDraws > 0 ? $"{HiddenDraws} hidden-layer redraw{(HiddenDraws == 1 ? "" : "s")}" : "")}" +
        $"{(RowDraws + HiddenDraws > 0 ? " because the hidden layers' output was all zero (dead ReLU units)" : "")}" +
        $"{(StillDead > 0 ? $"{(RowDraws + HiddenDraws > 0 ? "; " : "")}{StillDead} of {Rows} head inputs still all zero: their tensors are zero" : "")}");
}

// Dead head inputs of narrow ReLU hidden layers: detection, redraw, and the expected moment that goes with it.
public static partial class HypernetParts
{
    /// <summary>Embedding-row redraws tried before the hidden layers are redrawn too.</summary>
    public const int RowRedrawsPerHiddenDraw = 16;

    /// <summary>Hidden-layer redraws tried before giving up (each followed by up to <see cref="RowRedrawsPerHiddenDraw"/> row redraws).</summary>
    public const int MaxHiddenRedraws = 16;

    /// <summary>
    /// Call after <see cref="InitEmbeddings"/> and <see cref="InitHidden"/>, before the heads are initialised: redraws
    /// (from <c>U(−√3, √3)</c>, like <see cref="InitEmbeddings"/>) every embedding row whose head input is all zero, and
    /// if that does not revive it within <see cref="RowRedrawsPerHiddenDraw"/> tries, the hidden layers too. With wide
    /// hidden layers nothing is dead and this costs one pass of the hidden MLP.
    /// </summary>
    /// <remarks>
    /// Redrawing conditions the head input on being alive, which raises its expected second moment by the factor
    /// <c>1 / P(alive)</c>; <see cref="ExpectedHiddenMoment(double, IReadOnlyList{int}, Activation, double)"/> includes it,
    /// so the expected-<c>V_e</c> init stays unbiased. Calibrated init measures the realised moment and needs no correction.
    /// </remarks>
    /// <param name="embeddings">The learned embeddings, <c>[R, k]</c>: row r feeds head-input row r.</param>
    /// <param name="headInputs">Computes the head inputs from the current parameters, <c>[R, d]</c> or <c>[C, R, d]</c>
    /// (C conditions: a row is dead when it is all zero for any condition).</param>
    /// <param name="hidden">The hidden layers, first to last.</param>
    /// <param name="activation">Their activation.</param>
    /// <param name="negativeSlope">Leaky ReLU slope.</param>
    /// <returns>What was redrawn; generated hypernets keep it with their init (<see cref="HypernetInit.Revival"/>).</returns>
    public static HeadInputRevival ReviveDeadHeadInputs(Tensor embeddings, Func<Tensor> headInputs, IReadOnlyList<Linear> hidden,
        Activation activation, double negativeSlope = Gain.DefaultNegativeSlope)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(headInputs);
        ArgumentNullException.ThrowIfNull(hidden);
        int rows = (int)embeddings.shape[0], rowDraws = 0, hiddenDraws = 0;
        double bound = Math.Sqrt(3.0);
        using var noGrad = no_grad();
        for (int attempt = 0; ; attempt++)
        {
            long[] dead = DeadRows(headInputs, rows);
            if (dead.Length == 0)
                return new HeadInputRevival(rows, rowDraws, hiddenDraws, 0);
            if (attempt == RowRedrawsPerHiddenDraw * (MaxHiddenRedraws + 1))
                return new HeadInputRevival(rows, rowDraws, hiddenDraws, dead.Length);
            if (attempt > 0 && attempt % RowRedrawsPerHiddenDraw == 0)
            {
                foreach (var layer in hidden)
                    InitHidden(layer, activation, negativeSlope);
                hiddenDraws++;
                continue;
            }
            foreach (long r in dead)
                embeddings[r].uniform_(-bound, bound);
            rowDraws += dead.Length;
        }
    }

    /// <summary>Rows (along dimension −2) whose head input is all zero for some condition.</summary>
    static long[] DeadRows(Func<Tensor> headInputs, int rows)
    {
        using var scope = NewDisposeScope();
        var h = headInputs();
        if (h.dim() < 2 || h.shape[^2] != rows)
            throw new ArgumentException($"The head inputs must be [rows, d] or [conditions, rows, d] with {rows} rows (one per embedding row); got [{string.Join(", ", h.shape)}].", nameof(headInputs));
        var alive = h.detach().ne(0).any(-1);                                      // [.., R]: some unit is non-zero
        var deadSomewhere = alive.dim() == 1 ? alive.logical_not() : alive.logical_not().flatten(0, -2).any(0);
        return deadSomewhere.nonzero().flatten().cpu().data<long>().ToArray();
    }

    /// <summary>
    /// The expected head-input second moment after hidden layers of the given widths, initialised by
    /// <see cref="InitHidden"/> and revived by <see cref="ReviveDeadHeadInputs"/>: <see cref="ExpectedHiddenMoment(double, int, Activation, double)"/>
    /// divided by the probability that a row is alive. For ReLU that is <c>Π_k (1 − 2^−n_k)</c> (with zero biases, a layer
    /// of width n given a non-zero input is all-negative with probability exactly 2^−n); other activations are never
    /// exactly zero, so their moment is unchanged. Width 2: ×4/3; width 8: ×1.004; width 100: ×1.
    /// </summary>
    /// <param name="inputSecondMoment">E[x²] of the first hidden layer's input.</param>
    /// <param name="widths">The hidden layers' widths, first to last.</param>
    /// <param name="activation">Their activation.</param>
    /// <param name="negativeSlope">Leaky ReLU slope.</param>
    public static double ExpectedHiddenMoment(double inputSecondMoment, IReadOnlyList<int> widths, Activation activation,
        double negativeSlope = Gain.DefaultNegativeSlope)
    {
        ArgumentNullException.ThrowIfNull(widths);
        double moment = ExpectedHiddenMoment(inputSecondMoment, widths.Count, activation, negativeSlope);
        if (activation != Activation.ReLU)
            return moment;
        double alive = 1.0;
        foreach (int width in widths)
        {
            Guard.Positive(width, nameof(widths));
            alive *= 1.0 - Math.Pow(2.0, -width);
        }
        return moment / alive;
    }
}
