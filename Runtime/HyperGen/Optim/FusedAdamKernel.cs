using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Optim;

/// <summary>
/// Adam's whole per-element update in one pass over memory, for contiguous float32/float64 CPU tensors: it reads
/// param, grad, exp_avg and exp_avg_sq (and max_exp_avg_sq) once and writes param and the moments once — the
/// minimum traffic of the algorithm. TorchSharp 0.107 exposes neither <c>torch._fused_adam_</c> nor the
/// <c>_foreach_</c> ops, and its Adam makes about eight passes and allocates two full-size temporaries per tensor.
/// Each element follows TorchSharp's Adam operation by operation, in the tensor's own precision:
/// <c>m·β1 + (1−β1)·g</c>, <c>v·β2 + (1−β2)·g·g</c>, <c>√v / √bc2 + ε</c>, <c>p − (lr/bc1)·m/denom</c>.
/// </summary>
internal static class FusedAdamKernel
{
    /// <summary>Elements per work item: large enough that scheduling costs nothing, small enough to split across threads.</summary>
    const long Chunk = 1 << 16;

    /// <summary>The step's scalars, already in the tensor's precision (as TorchSharp converts them for its ops).</summary>
    internal readonly record struct Scalars(double Beta1, double Beta2, double Eps, double WeightDecay, bool Maximize,
        double BiasCorrection2Sqrt, double StepSize);

    /// <summary>Whether the fused pass can update <paramref name="param"/> from <paramref name="grad"/> and these moments in place.</summary>
    public static bool Supports(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq)
    {
        if (param.device_type != DeviceType.CPU || grad.is_sparse)
            return false;
        var dtype = param.dtype;
        if (dtype != ScalarType.Float32 && dtype != ScalarType.Float64)
            return false;
        return Fits(grad, dtype) && Fits(expAvg, dtype) && Fits(expAvgSq, dtype) && (maxExpAvgSq is null || Fits(maxExpAvgSq, dtype))
            && param.is_contiguous() && grad.numel() == param.numel();

        static bool Fits(Tensor t, ScalarType dtype) => t.dtype == dtype && t.device_type == DeviceType.CPU && t.is_contiguous();
    }

    /// <summary>Updates param, exp_avg, exp_avg_sq (and max_exp_avg_sq) in place. Call only where <see cref="Supports"/> is true.</summary>
    public static void Step(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq, in Scalars s, int threads)
    {
        long n = param.numel();
        if (n == 0)
            return;
        // Span-based access stops at 2 GiB per tensor; larger tensors are walked in views of at most that size.
        long limit = (int.MaxValue / (int)param.element_size()) & ~(Chunk - 1);
        if (n <= limit)
        {
            Run(param, grad, expAvg, expAvgSq, maxExpAvgSq, n, s, threads);
            return;
        }
        for (long start = 0; start < n; start += limit)
        {
            long length = Math.Min(limit, n - start);
            using var scope = NewDisposeScope();
            Run(Flat(param), Flat(grad), Flat(expAvg), Flat(expAvgSq), maxExpAvgSq is null ? null : Flat(maxExpAvgSq), length, s, threads);

            Tensor Flat(Tensor t) => t.view(-1).narrow(0, start, length);
        }
    }

    static unsafe void Run(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq, long n, in Scalars s, int threads)
    {
        var pointers = new Pointers(Address(param), Address(grad), Address(expAvg), Address(expAvgSq),
            maxExpAvgSq is null ? 0 : Address(maxExpAvgSq));
        bool isDouble = param.dtype == ScalarType.Float64;
        long chunks = (n + Chunk - 1) / Chunk;
        var scalars = s;
        if (threads <= 1 || chunks == 1)
        {
            Range(pointers, 0, n, scalars, isDouble);
            return;
        }
        Parallel.For(0, Math.Min(threads, chunks), new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            // Contiguous blocks per worker: each thread streams through its own part of every tensor.
            long perWorker = (chunks + Math.Min(threads, chunks) - 1) / Math.Min(threads, chunks) * Chunk;
            long start = worker * perWorker;
            Range(pointers, start, Math.Min(n, start + perWorker), scalars, isDouble);
        });
    }

    static unsafe nint Address(Tensor t) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    readonly record struct Pointers(nint Param, nint Grad, nint ExpAvg, nint ExpAvgSq, nint MaxExpAvgSq);

    static void Range(in Pointers p, long start, long end, in Scalars s, bool isDouble)
    {
        for (long i = start; i < end; i += Chunk)
        {
            int length = (int)Math.Min(Chunk, end - i);
            if (isDouble)
                Update<double>(p, i, length, s);
            else
                Update<float>(p, i, length, s);
        }
    }

    static unsafe void Update<T>(in Pointers at, long offset, int length, in Scalars s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var param = new Span<T>((T*)at.Param + offset, length);
        var grad = new ReadOnlySpan<T>((T*)at.Grad + offset, length);
        var m = new Span<T>((T*)at.ExpAvg + offset, length);
        var v = new Span<T>((T*)at.ExpAvgSq + offset, length);
        var vMax = at.MaxExpAvgSq == 0 ? default : new Span<T>((T*)at.MaxExpAvgSq + offset, length);
        bool amsgrad = at.MaxExpAvgSq != 0;

        T beta1 = T.CreateTruncating(s.Beta1), oneMinusBeta1 = T.CreateTruncating(1 - s.Beta1);
        T beta2 = T.CreateTruncating(s.Beta2), oneMinusBeta2 = T.CreateTruncating(1 - s.Beta2);
        T eps = T.CreateTruncating(s.Eps), decay = T.CreateTruncating(s.WeightDecay);
        T bc2Sqrt = T.CreateTruncating(s.BiasCorrection2Sqrt), negStep = T.CreateTruncating(-s.StepSize);
        bool hasDecay = s.WeightDecay != 0, maximize = s.Maximize;

        int i = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<T>.Count)
        {
            var vBeta1 = new Vector<T>(beta1); var vOneMinusBeta1 = new Vector<T>(oneMinusBeta1);
            var vBeta2 = new Vector<T>(beta2); var vOneMinusBeta2 = new Vector<T>(oneMinusBeta2);
            var vEps = new Vector<T>(eps); var vDecay = new Vector<T>(decay);
            var vBc2Sqrt = new Vector<T>(bc2Sqrt); var vNegStep = new Vector<T>(negStep);
            for (; i <= length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var p = new Vector<T>(param[i..]);
                var g = new Vector<T>(grad[i..]);
                if (maximize)
                    g = -g;
                if (hasDecay)
                    g += p * vDecay;
                var mi = new Vector<T>(m[i..]) * vBeta1 + g * vOneMinusBeta1;
                var vi = new Vector<T>(v[i..]) * vBeta2 + vOneMinusBeta2 * g * g;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                if (amsgrad)
                {
                    vi = Vector.Max(new Vector<T>(vMax[i..]), vi);
                    vi.CopyTo(vMax[i..]);
                }
                var denom = Vector.SquareRoot(vi) / vBc2Sqrt + vEps;
                (p + vNegStep * mi / denom).CopyTo(param[i..]);
            }
        }
        for (; i < length; i++)
        {
            T g = grad[i];
            if (maximize)
                g = -g;
            if (hasDecay)
                g += param[i] * decay;
            T mi = m[i] * beta1 + g * oneMinusBeta1;
            T vi = v[i] * beta2 + oneMinusBeta2 * g * g;
            m[i] = mi;
            v[i] = vi;
            if (amsgrad)
                vi = vMax[i] = T.Max(vMax[i], vi);
            T denom = T.Sqrt(vi) / bc2Sqrt + eps;
            param[i] += negStep * mi / denom;
        }
    }
}
