using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Checkpoints;

/// <summary>
/// A small module whose state dict has every kind of entry a checkpoint reader must handle: float32 parameters,
/// buffers of other element types (float64, int64, bool, float16, int32 scalar), an empty tensor and a non-ASCII name.
/// </summary>
internal sealed class MixedModule : nn.Module
{
#pragma warning disable IDE0052, CS0414 // registered by RegisterComponents, read through the state dict
    readonly Linear fc = nn.Linear(6, 4);
    readonly Tensor scale = linspace(0.5, 1.5, 3, float64);
    readonly Tensor counts = arange(4, int64).reshape(2, 2);
    readonly Tensor mask = tensor(new[] { true, false, true, true, false });
    readonly Tensor half = ones(4, float16).mul(0.25);
    readonly Tensor step = tensor(7);
    readonly Tensor nothing = zeros(0, 3);
    readonly Tensor größe = ones(2, 2);
#pragma warning restore IDE0052, CS0414

    public MixedModule() : base(nameof(MixedModule)) => RegisterComponents();

    /// <summary>A copy of every state tensor, to compare against after a failed load.</summary>
    public Tensor[] Snapshot()
    {
        var state = state_dict();
        var copy = new Tensor[state.Count];
        int i = 0;
        foreach (var t in state.Values)
            copy[i++] = t.detach().clone();
        return copy;
    }

    /// <summary>Whether every state tensor is bit-for-bit the snapshot.</summary>
    public bool Matches(Tensor[] snapshot)
    {
        int i = 0;
        foreach (var t in state_dict().Values)
        {
            var s = snapshot[i++];
            if (!t.shape.AsSpan().SequenceEqual(s.shape) || t.dtype != s.dtype)
                return false;
            using var same = t.detach().equal(s).all();
            if (!same.item<bool>())
                return false;
        }
        return true;
    }

    public void Restore(Tensor[] snapshot)
    {
        using var _ = no_grad();
        int i = 0;
        foreach (var t in state_dict().Values)
            t.copy_(snapshot[i++]);
    }
}
