using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Optim;

/// <summary>Two copies of one small model, trained side by side on the same batches: one per optimiser.</summary>
internal sealed class AdamPair : IDisposable
{
    public readonly nn.Module<Tensor, Tensor> Reference, Subject;
    readonly ScalarType _dtype;

    public AdamPair(ScalarType dtype, long seed = 3, bool transposedFirstWeight = false)
    {
        _dtype = dtype;
        manual_seed(seed);
        Reference = Build(dtype, transposedFirstWeight);
        Subject = Build(dtype, transposedFirstWeight);
        using (no_grad())
            foreach (var (a, b) in Reference.parameters().Zip(Subject.parameters()))
                b.copy_(a);
    }

    /// <summary>A 20-50-3 tanh MLP; optionally its first weight stored transposed (a non-contiguous parameter).</summary>
    static nn.Module<Tensor, Tensor> Build(ScalarType dtype, bool transposed)
    {
        var model = nn.Sequential(nn.Linear(20, 50), nn.Tanh(), nn.Linear(50, 3)).to(dtype);
        if (!transposed)
            return model;
        return new TransposedMlp(model);
    }

    /// <summary>
    /// Trains both models for <paramref name="steps"/> steps and returns the largest difference seen between their parameters (<see cref="Difference"/>).
    /// With <paramref name="sameGradients"/> the subject is handed the reference's gradients each step, so any difference
    /// comes from the optimisers alone (at large learning rates a closed loop amplifies last-bit differences chaotically).
    /// </summary>
    public double Train(optim.Optimizer reference, optim.Optimizer subject, int steps, Action<int>? afterStep = null, bool sameGradients = false)
    {
        double worst = 0;
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            var x = randn(32, 20, dtype: _dtype);
            var y = randn(32, 3, dtype: _dtype);
            reference.zero_grad();
            nn.functional.mse_loss(Reference.forward(x), y).backward();
            reference.step();
            subject.zero_grad();
            if (sameGradients)
                foreach (var (r, p) in Reference.parameters().Zip(Subject.parameters()))
                    p.grad = r.grad!.clone();
            else
                nn.functional.mse_loss(Subject.forward(x), y).backward();
            subject.step();
            afterStep?.Invoke(s);
            worst = System.Math.Max(worst, MaxDifference());
        }
        return worst;
    }

    public double MaxDifference() =>
        Reference.parameters().Zip(Subject.parameters()).Max(p => Difference(p.First, p.Second));

    /// <summary>max |a − b| / max(1, |a|): absolute below 1, relative above (maximising runs grow values without bound).</summary>
    public static double Difference(Tensor a, Tensor b) =>
        ((a - b).abs() / a.abs().clamp_min(1)).max().to(ScalarType.Float64).item<double>();

    public void Dispose()
    {
        Reference.Dispose();
        Subject.Dispose();
    }

    sealed class TransposedMlp : nn.Module<Tensor, Tensor>
    {
        readonly Parameter first;
        readonly nn.Module<Tensor, Tensor> rest;
        readonly Parameter bias;

        public TransposedMlp(nn.Module<Tensor, Tensor> mlp) : base("TransposedMlp")
        {
            var ps = mlp.parameters().ToArray();
            first = new Parameter(ps[0].detach().t().contiguous().t()); // same values, column-major: not contiguous
            bias = new Parameter(ps[1].detach().clone());
            rest = nn.Sequential(nn.Tanh(), nn.Linear(50, 3)).to(ps[0].dtype);
            using (no_grad())
            {
                var restParams = rest.parameters().ToArray();
                restParams[0].copy_(ps[2]);
                restParams[1].copy_(ps[3]);
            }
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => rest.forward(nn.functional.linear(x, first, bias));
    }
}
