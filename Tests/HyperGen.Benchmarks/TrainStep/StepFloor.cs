using System;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Benchmarks.TrainStep;

/// <summary>
/// The physical floor of one training step of <see cref="MnistHypernet"/> (batch B, Adam), measured on this machine:
/// <list type="number">
/// <item>every matrix product of the step, run alone by libtorch's GEMM/GEMV kernels into preallocated outputs (no
/// autograd, no allocation): forward — each head's matrix–vector product and the mainnet's three GEMMs; backward —
/// each head's weight gradient (an outer product writing the head-sized gradient), each head's input gradient (a
/// matrix–vector product reading the head again), the mainnet's weight and input gradients;</item>
/// <item>Adam's minimal memory traffic: one pass reading param, grad and both moments and writing param and both
/// moments (7 × 4 bytes per parameter), with the least arithmetic (additions), vectorised, on the same threads.</item>
/// </list>
/// Element-wise work (bias adds, ReLU, cross-entropy, bias gradients) is left out: it is under 1% of the bytes.
/// </summary>
public sealed class StepFloor : IDisposable
{
    readonly Tensor[] _heads, _headOut, _headGrad, _headOutGrad;
    readonly int[] _row;
    readonly Tensor _h, _dh, _x, _w1, _w2, _w3, _y1, _y2, _y3, _dy1, _dy2, _dy3, _dw1, _dw2, _dw3;
    readonly Tensor[] _p, _g, _m, _v;

    public StepFloor(MnistHypernet model, int batch)
    {
        var heads = model.named_parameters().Where(p => p.name.EndsWith("Head.weight", StringComparison.Ordinal)).ToArray();
        _heads = heads.Select(p => p.parameter.detach().clone()).ToArray();
        _row = heads.Select(p => p.name.StartsWith("layer1", StringComparison.Ordinal) ? 0 : p.name.StartsWith("layer2", StringComparison.Ordinal) ? 1 : 2).ToArray();
        _headOut = _heads.Select(w => empty(w.shape[0])).ToArray();
        _headOutGrad = _heads.Select(w => randn(w.shape[0])).ToArray();
        _headGrad = _heads.Select(w => empty_like(w)).ToArray();
        _h = rand(3, 100);
        _dh = zeros(3, 100);
        _x = randn(batch, 784);
        (_w1, _w2, _w3) = (randn(300, 784), randn(100, 300), randn(10, 100));
        (_y1, _y2, _y3) = (empty(batch, 300), empty(batch, 100), empty(batch, 10));
        (_dy1, _dy2, _dy3) = (empty(batch, 300), empty(batch, 100), randn(batch, 10));
        (_dw1, _dw2, _dw3) = (empty(300, 784), empty(100, 300), empty(10, 100));
        var parameters = model.parameters().ToArray();
        _p = parameters.Select(p => p.detach().clone()).ToArray();
        _g = parameters.Select(p => randn_like(p)).ToArray();
        _m = parameters.Select(p => zeros_like(p)).ToArray();
        _v = parameters.Select(p => zeros_like(p)).ToArray();
    }

    /// <summary>The step's matrix products, alone.</summary>
    public void Gemms()
    {
        using var _ = no_grad();
        for (int i = 0; i < _heads.Length; i++)
            _headOut[i].addmv_(_heads[i], _h[_row[i]], beta: 0);
        _y1.addmm_(_x, _w1.t(), beta: 0);
        _y2.addmm_(_y1, _w2.t(), beta: 0);
        _y3.addmm_(_y2, _w3.t(), beta: 0);
        _dw3.addmm_(_dy3.t(), _y2, beta: 0);
        _dy2.addmm_(_dy3, _w3, beta: 0);
        _dw2.addmm_(_dy2.t(), _y1, beta: 0);
        _dy1.addmm_(_dy2, _w2, beta: 0);
        _dw1.addmm_(_dy1.t(), _x, beta: 0);
        for (int i = 0; i < _heads.Length; i++)
        {
            _headGrad[i].addr_(_headOutGrad[i], _h[_row[i]], beta: 0);
            _dh[_row[i]].addmv_(_heads[i].t(), _headOutGrad[i]);
        }
    }

    /// <summary>Adam's minimal traffic: read p, g, m, v and write p, m, v once, with additions only.</summary>
    public void AdamTraffic()
    {
        int threads = get_num_threads();
        for (int t = 0; t < _p.Length; t++)
            Pass(Address(_p[t]), Address(_g[t]), Address(_m[t]), Address(_v[t]), _p[t].numel(), threads);
    }

    /// <summary>Both parts, as one step's floor.</summary>
    public void Step()
    {
        Gemms();
        AdamTraffic();
    }

    static unsafe nint Address(Tensor t) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(t.bytes));

    static void Pass(nint p, nint g, nint m, nint v, long n, int threads)
    {
        const long chunk = 1 << 16;
        long chunks = (n + chunk - 1) / chunk;
        if (threads <= 1 || chunks == 1)
        {
            Range(p, g, m, v, 0, n);
            return;
        }
        long workers = Math.Min(threads, chunks);
        long perWorker = (chunks + workers - 1) / workers * chunk;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = threads },
            w => Range(p, g, m, v, w * perWorker, Math.Min(n, (w + 1) * perWorker)));
    }

    static unsafe void Range(nint p, nint g, nint m, nint v, long start, long end)
    {
        for (long offset = start; offset < end; offset += 1 << 16)
        {
            int length = (int)Math.Min(1 << 16, end - offset);
            var ps = new Span<float>((float*)p + offset, length);
            var gs = new ReadOnlySpan<float>((float*)g + offset, length);
            var ms = new Span<float>((float*)m + offset, length);
            var vs = new Span<float>((float*)v + offset, length);
            int i = 0;
            for (; i <= length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var gi = new Vector<float>(gs[i..]);
                (new Vector<float>(ps[i..]) + gi).CopyTo(ps[i..]);
                (new Vector<float>(ms[i..]) + gi).CopyTo(ms[i..]);
                (new Vector<float>(vs[i..]) + gi).CopyTo(vs[i..]);
            }
            for (; i < length; i++)
            {
                ps[i] += gs[i];
                ms[i] += gs[i];
                vs[i] += gs[i];
            }
        }
    }

    public void Dispose()
    {
        foreach (var t in _heads.Concat(_headOut).Concat(_headGrad).Concat(_headOutGrad).Concat(_p).Concat(_g).Concat(_m).Concat(_v)
                     .Concat([_h, _dh, _x, _w1, _w2, _w3, _y1, _y2, _y3, _dy1, _dy2, _dy3, _dw1, _dw2, _dw3]))
            t.Dispose();
    }
}
