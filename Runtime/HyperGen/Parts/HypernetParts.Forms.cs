using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen;

// Pieces for the conditional, batched and chunked forms the generator emits.
public static partial class HypernetParts
{
    /// <summary>
    /// Shapes a head's flat output as <paramref name="shape"/>: <c>[elements]</c> becomes <c>shape</c>,
    /// <c>[B, elements]</c> becomes <c>[B, shape…]</c> (a batch of generated tensors).
    /// </summary>
    public static Tensor ViewAs(Tensor flat, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(flat);
        if (flat.dim() == 1)
            return flat.view(shape);
        var batched = new long[shape.Length + 1];
        batched[0] = -1;
        shape.CopyTo(batched, 1);
        return flat.view(batched);
    }

    /// <summary>The same expected moment for each of <paramref name="rows"/> embedding rows (forms whose head inputs are not known at init).</summary>
    public static double[] ExpectedMoments(double expected, int rows)
    {
        var moments = new double[rows];
        Array.Fill(moments, expected);
        return moments;
    }

    /// <summary><c>x</c> repeated along a new leading dimension: <c>[times, x.shape…]</c> (a view, no copy).</summary>
    public static Tensor Replicate(Tensor x, long times)
    {
        ArgumentNullException.ThrowIfNull(x);
        var shape = new long[x.dim() + 1];
        shape[0] = times;
        x.shape.CopyTo(shape, 1);
        return x.unsqueeze(0).expand(shape);
    }

    /// <summary>Checks a task index against the number of learned conditions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside <c>[0, conditions)</c>.</exception>
    public static void CheckCondition(long condition, int conditions, string model)
    {
        if (condition < 0 || condition >= conditions)
            throw new ArgumentOutOfRangeException(nameof(condition), condition,
                $"{model} has {conditions} conditions (0…{conditions - 1}); got {condition}.");
    }

    /// <summary>Checks an external conditioning batch: <c>[B, width]</c>, and when <paramref name="x"/> is given, one row per sample of it.</summary>
    /// <exception cref="ArgumentException">The condition has the wrong shape, or its batch differs from x's.</exception>
    public static void CheckConditionInput(Tensor condition, long width, string model, Tensor? x = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        long[] shape = condition.shape;
        if (shape.Length != 2 || shape[1] != width)
            throw new ArgumentException($"{model} expects a condition of shape [batch, {width}]; got [{string.Join(", ", shape)}].", nameof(condition));
        if (x is not null && (x.dim() == 0 || x.shape[0] != shape[0]))
            throw new ArgumentException(
                $"{model} generates one mainnet per condition row: x has {(x.dim() == 0 ? 0 : x.shape[0])} samples but the condition has {shape[0]} rows.", nameof(x));
    }

    /// <summary><c>x: [M, N, in]</c> through M linear layers <c>weight: [M, out, in]</c>, <c>bias: [M, out]</c> → <c>[M, N, out]</c>, one batched matmul.</summary>
    public static Tensor BatchedLinear(Tensor x, Tensor weight, Tensor? bias)
    {
        using var wt = weight.transpose(1, 2);
        if (bias is null)
            return x.bmm(wt);
        using var product = x.bmm(wt);
        using var column = bias.unsqueeze(1);
        return product.add(column);
    }

    /// <summary>
    /// <c>x: [M, N, C, L]</c> through M 1-D convolutions <c>weight: [M, O, C, k]</c> as one grouped convolution → <c>[M, N, O, L']</c>.
    /// </summary>
    public static Tensor BatchedConv1d(Tensor x, Tensor weight, Tensor? bias, long stride, long padding)
    {
        long m = x.shape[0], n = x.shape[1], c = x.shape[2], o = weight.shape[1];
        using var scope = NewDisposeScope();
        var grouped = x.transpose(0, 1).reshape(n, m * c, x.shape[3]);
        var y = nn.functional.conv1d(grouped, weight.reshape(m * o, c, weight.shape[3]), bias?.reshape(m * o), stride, padding, 1, m);
        return y.reshape(n, m, o, y.shape[2]).transpose(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>x: [M, N, C, H, W]</c> through M 2-D convolutions <c>weight: [M, O, C, k, k]</c> as one grouped convolution → <c>[M, N, O, H', W']</c>.
    /// </summary>
    public static Tensor BatchedConv2d(Tensor x, Tensor weight, Tensor? bias, long stride, long padding)
    {
        long m = x.shape[0], n = x.shape[1], c = x.shape[2], o = weight.shape[1];
        using var scope = NewDisposeScope();
        var grouped = x.transpose(0, 1).reshape(n, m * c, x.shape[3], x.shape[4]);
        var y = nn.functional.conv2d(grouped, weight.reshape(m * o, c, weight.shape[3], weight.shape[4]), bias?.reshape(m * o),
            strides: [stride, stride], padding: [padding, padding], groups: m);
        return y.reshape(n, m, o, y.shape[2], y.shape[3]).transpose(0, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Max pooling of <c>[M, N, C, H, W]</c> (each of the M·N images).</summary>
    public static Tensor BatchedMaxPool2d(Tensor x, long kernel, long stride, long padding)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.max_pool2d(x.flatten(0, 1), kernel, stride, padding);
        return y.view(x.shape[0], x.shape[1], y.shape[1], y.shape[2], y.shape[3]).MoveToOuterDisposeScope();
    }

    /// <summary>Average pooling of <c>[M, N, C, H, W]</c> (each of the M·N images).</summary>
    public static Tensor BatchedAvgPool2d(Tensor x, long kernel, long stride, long padding)
    {
        using var scope = NewDisposeScope();
        var y = nn.functional.avg_pool2d(x.flatten(0, 1), kernel, stride, padding);
        return y.view(x.shape[0], x.shape[1], y.shape[1], y.shape[2], y.shape[3]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per-tensor output scales of a chunked hypernet. The shared head (variance <paramref name="headVariance"/>)
    /// gives every element of chunk c the variance <c>Var(H)·Σ_k h_ck²</c>; tensor t spans some chunks, so its
    /// variance before scaling is the element-weighted mean of theirs, and <c>s_t = √(target_t / that)</c> makes it
    /// exact whatever the mix of targets. With <paramref name="calibrate"/> the realised chunk inputs are used,
    /// else every chunk gets the expected <c>d·V_e</c>.
    /// </summary>
    /// <param name="headInputs">The chunk embeddings after the hidden MLP, <c>[chunks, d]</c>.</param>
    /// <param name="chunk">Elements per chunk.</param>
    /// <param name="targets">The generated tensors in order.</param>
    /// <param name="mode">Hyperfan mode for the targets.</param>
    /// <param name="headVariance">The shared head's weight variance.</param>
    /// <param name="calibrate">Use the realised head inputs.</param>
    /// <param name="expectedMoment">Expected <c>E[h²]</c> when not calibrating.</param>
    public static double[] ChunkScales(Tensor headInputs, long chunk, IReadOnlyList<TargetTensor> targets, HyperfanMode mode,
        double headVariance, bool calibrate, double expectedMoment)
    {
        ArgumentNullException.ThrowIfNull(headInputs);
        ArgumentNullException.ThrowIfNull(targets);
        Guard.Positive(chunk, nameof(chunk));
        long chunks = headInputs.shape[0], width = headInputs.shape[1];
        double[] perChunk = ExpectedMoments(width * expectedMoment, (int)chunks);
        if (calibrate)
            using (no_grad())
            using (var squares = headInputs.detach().to(ScalarType.Float64).square().sum(1).cpu())
                perChunk = squares.data<double>().ToArray();

        var scales = new double[targets.Count];
        long offset = 0;
        for (int t = 0; t < targets.Count; t++)
        {
            long n = targets[t].ElementCount, end = offset + n;
            double sum = 0;
            for (long c = offset / chunk; c * chunk < end; c++)
            {
                long overlap = Math.Min(end, (c + 1) * chunk) - Math.Max(offset, c * chunk);
                sum += overlap * headVariance * perChunk[c];
            }
            double target = targets[t].TargetVariance(mode), before = sum / n;
            scales[t] = target == 0 || before <= 0 ? 0.0 : Math.Sqrt(target / before);
            offset = end;
        }
        return scales;
    }

    /// <summary>A report row for a tensor generated through an output scale (the chunked form).</summary>
    public static InitReportRow ReportRow(TargetTensor target, HyperfanMode mode, Linear head, double expectedInputMoment, double outputScale, Tensor generated)
    {
        var row = ReportRow(target, mode, head, expectedInputMoment, generated);
        return row with { PredictedVariance = row.PredictedVariance * outputScale * outputScale };
    }
}
