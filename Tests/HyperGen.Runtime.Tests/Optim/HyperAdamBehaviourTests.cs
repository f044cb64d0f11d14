using System;
using System.IO;
using System.Linq;
using HyperGen.Optim;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Optim;

/// <summary>What HyperAdam promises beyond the math: in-place updates, gradients set to null, autograd's safety, clear errors.</summary>
public class HyperAdamBehaviourTests
{
    [Fact]
    public void Zero_grad_sets_gradients_to_null_and_backward_then_writes_them_fresh()
    {
        manual_seed(1);
        var w = new Parameter(randn(4, 3));
        using var optimizer = new HyperAdam([w], lr: 1e-2);
        var x = randn(5, 4);
        x.matmul(w).sum().backward();
        var first = w.grad!.clone();

        optimizer.zero_grad();
        Assert.Null(w.grad);
        x.matmul(w).sum().backward();

        Assert.True(w.grad!.allclose(first), "after set-to-null the gradient must equal one backward's, not twice it");
    }

    [Fact]
    public void Zero_grad_false_fills_with_zeros_in_place_like_TorchSharp()
    {
        var w = new Parameter(ones(3));
        using var optimizer = new HyperAdam([w]);
        (w * 2).sum().backward();
        var grad = w.grad!;
        IntPtr address = Address(grad);

        optimizer.zero_grad(setToNone: false);

        Assert.NotNull(w.grad);
        Assert.Equal(address, Address(w.grad!));
        Assert.Equal(0f, w.grad!.abs().sum().item<float>());
    }

    [Fact]
    public void TorchSharp_optimizers_zero_fill_in_0_107_which_is_why_HyperAdam_sets_to_null()
    {
        var w = new Parameter(ones(3));
        using var optimizer = optim.Adam([w]);
        (w * 2).sum().backward();
        optimizer.zero_grad();
        Assert.NotNull(w.grad); // if TorchSharp ever switches to set-to-none, HyperAdam's docs should say both do
    }

    [Fact]
    public void Step_updates_parameters_and_moments_in_place_and_skips_parameters_without_gradients()
    {
        var a = new Parameter(randn(1000));
        var b = new Parameter(randn(10));
        using var optimizer = new HyperAdam([a, b], lr: 0.1);
        var states = optimizer.state_dict().State.Cast<HyperAdam.State>().ToArray();
        IntPtr[] before = [Address(a), Address(states[0].exp_avg), Address(states[0].exp_avg_sq)];
        var bBefore = b.detach().clone();

        for (int s = 0; s < 3; s++)
        {
            optimizer.zero_grad();
            a.sum().backward();
            optimizer.step();
        }

        Assert.Equal(before, new[] { Address(a), Address(states[0].exp_avg), Address(states[0].exp_avg_sq) });
        Assert.Equal(3, states[0].step);
        Assert.Equal(0, states[1].step);
        Assert.True(b.equal(bBefore).all().item<bool>(), "a parameter without a gradient must not move");
        Assert.Equal(3, optimizer.StepCount);
    }

    [Fact]
    public void Step_does_not_allocate_tensor_memory_where_TorchSharp_Adam_allocates_two_temporaries()
    {
        if (!OperatingSystem.IsLinux())
            return; // minor page faults are read from /proc
        // 16M elements = 64 MB: every fresh allocation of that size is mapped anew and faults in ~16k pages.
        var p = new Parameter(randn(16_000_000));
        p.grad = randn(16_000_000);
        using var hyper = new HyperAdam([p], lr: 1e-3, amsgrad: true, weight_decay: 0.01);
        using var adam = optim.Adam([p], lr: 1e-3, amsgrad: true, weight_decay: 0.01);
        hyper.step();
        adam.step(); // warm: state allocated, pages touched

        long hyperFaults = MinorFaults(() => hyper.step());
        long adamFaults = MinorFaults(() => adam.step());

        Assert.True(hyperFaults < 2_000, $"HyperAdam.step() faulted in {hyperFaults} fresh pages");
        if (HyperGen.Memory.NativeAllocator.KeptBytes is null or < 64_000_000) // kept blocks would hide the temporaries' faults
            Assert.True(adamFaults > 16_000, $"the contrast: TorchSharp's Adam faulted in {adamFaults} pages (expected its temporaries)");
    }

    [Fact]
    public void A_graph_that_saved_the_old_parameter_refuses_to_backward_after_a_step()
    {
        var w = new Parameter(randn(8));
        using var optimizer = new HyperAdam([w], lr: 0.1);
        (w * w).sum().backward();
        var saved = (w * w).sum(); // saves w for its backward
        optimizer.step();

        var e = Assert.ThrowsAny<Exception>(() => saved.backward());
        Assert.Contains("modified by an inplace operation", e.Message);
    }

    [Theory]
    [InlineData("lr", -1.0)]
    [InlineData("lr", double.NaN)]
    [InlineData("beta1", 1.0)]
    [InlineData("beta2", -0.1)]
    [InlineData("eps", double.PositiveInfinity)]
    [InlineData("weight_decay", -0.5)]
    public void Bad_options_are_rejected_with_their_name_and_value(string name, double value)
    {
        var w = new Parameter(randn(3));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => name switch
        {
            "lr" => new HyperAdam([w], lr: value),
            "beta1" => new HyperAdam([w], beta1: value),
            "beta2" => new HyperAdam([w], beta2: value),
            "eps" => new HyperAdam([w], eps: value),
            _ => new HyperAdam([w], weight_decay: value),
        });
        Assert.Equal(name, e.ParamName);
        Assert.Contains(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void A_parameter_in_two_groups_or_no_parameters_at_all_is_an_error()
    {
        var w = new Parameter(randn(3, 2));
        var twice = Assert.Throws<ArgumentException>(() => new HyperAdam([new Adam.ParamGroup([w]), new Adam.ParamGroup([w])]));
        Assert.Contains("[3, 2]", twice.Message);
        Assert.Contains("more than once", twice.Message);
        Assert.Throws<ArgumentException>(() => new HyperAdam(Array.Empty<Parameter>()));
        Assert.Throws<ArgumentException>(() => new HyperAdam([w, w]));
    }

    static unsafe IntPtr Address(Tensor t) => (IntPtr)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(t.bytes));

    static long MinorFaults(Action action)
    {
        long before = ReadMinorFaults();
        action();
        return ReadMinorFaults() - before;

        static long ReadMinorFaults()
        {
            // /proc/self/stat: "pid (comm) state ppid ... minflt" — minflt is field 10; comm may contain spaces.
            string stat = File.ReadAllText("/proc/self/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[7]);
        }
    }
}
