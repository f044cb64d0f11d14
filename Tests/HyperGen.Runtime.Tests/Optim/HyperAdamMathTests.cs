using System;
using System.Collections.Generic;
using System.Linq;
using HyperGen.Optim;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Optim;

/// <summary>HyperAdam against TorchSharp's optim.Adam, step by step on the same model and batches.</summary>
public class HyperAdamMathTests
{
    public static IEnumerable<object[]> Settings()
    {
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            foreach (double lr in new[] { 1e-3, 1e-2, 0.1 })
                foreach (double decay in new[] { 0.0, 0.05 })
                    foreach (bool amsgrad in new[] { false, true })
                        yield return [dtype, lr, decay, amsgrad, false];
        yield return [ScalarType.Float32, 1e-2, 0.05, true, true];
        yield return [ScalarType.Float64, 1e-2, 0.0, false, true];
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Matches_TorchSharp_Adam_over_100_steps_given_the_same_gradients(ScalarType dtype, double lr, double decay, bool amsgrad, bool maximize)
    {
        using var pair = new AdamPair(dtype);
        using var reference = optim.Adam(pair.Reference.parameters(), lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: decay, amsgrad: amsgrad, maximize: maximize);
        using var subject = new HyperAdam(pair.Subject.parameters(), lr, weight_decay: decay, amsgrad: amsgrad, maximize: maximize);

        double worst = pair.Train(reference, subject, steps: 100, sameGradients: true);

        // float32 rounding differs only in operation order inside one element's update; float64 agrees to ~1e-15.
        Assert.True(worst <= (dtype == ScalarType.Float32 ? 1e-6 : 1e-12), $"max |Δparam| over 100 steps = {worst:E3}");
        AssertMomentsMatch(reference, subject, dtype == ScalarType.Float32 ? 1e-6 : 1e-12);
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1e-3)]
    [InlineData(ScalarType.Float32, 1e-2)]
    [InlineData(ScalarType.Float64, 1e-2)]
    [InlineData(ScalarType.Float64, 0.1)]
    public void Trains_the_same_model_the_same_way_over_100_steps(ScalarType dtype, double lr)
    {
        using var pair = new AdamPair(dtype);
        using var reference = optim.Adam(pair.Reference.parameters(), lr, weight_decay: 0.01, amsgrad: true);
        using var subject = new HyperAdam(pair.Subject.parameters(), lr, weight_decay: 0.01, amsgrad: true);

        double worst = pair.Train(reference, subject, steps: 100);

        Assert.True(worst <= (dtype == ScalarType.Float32 ? 1e-6 : 1e-12), $"max |Δparam| over 100 steps = {worst:E3}");
    }

    [Fact]
    public void Moves_the_parameters_as_far_as_Adam_does_so_the_comparison_is_not_vacuous()
    {
        using var pair = new AdamPair(ScalarType.Float32);
        var before = pair.Subject.parameters().Select(p => p.detach().clone()).ToArray();
        using var reference = optim.Adam(pair.Reference.parameters(), 1e-2);
        using var subject = new HyperAdam(pair.Subject.parameters(), 1e-2);
        pair.Train(reference, subject, steps: 20);
        double moved = pair.Subject.parameters().Zip(before).Max(p => (p.First - p.Second).abs().max().item<float>());
        Assert.InRange(moved, 0.05, 1.0); // 20 steps of lr 1e-2 move some weight by about 0.2
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Non_contiguous_parameters_take_the_tensor_op_path_with_the_same_math(bool amsgrad)
    {
        using var pair = new AdamPair(ScalarType.Float32, transposedFirstWeight: true);
        var first = pair.Subject.parameters().First();
        Assert.False(first.is_contiguous());
        using var reference = optim.Adam(pair.Reference.parameters(), 1e-2, weight_decay: 0.01, amsgrad: amsgrad);
        using var subject = new HyperAdam(pair.Subject.parameters(), 1e-2, weight_decay: 0.01, amsgrad: amsgrad);

        double worst = pair.Train(reference, subject, steps: 100);

        Assert.True(worst <= 1e-6, $"max |Δparam| = {worst:E3}");
    }

    [Fact]
    public void Two_threads_give_the_same_bits_as_one()
    {
        int threads = get_num_threads();
        try
        {
            manual_seed(5);
            var a = new Parameter(randn(300_001));
            var b = new Parameter(a.detach().clone());
            using var oa = new HyperAdam([a], lr: 1e-2, amsgrad: true, weight_decay: 0.1);
            using var ob = new HyperAdam([b], lr: 1e-2, amsgrad: true, weight_decay: 0.1);
            for (int s = 0; s < 5; s++)
            {
                var g = randn(300_001);
                a.grad = g.clone();
                b.grad = g.clone();
                set_num_threads(1);
                oa.step();
                set_num_threads(2);
                ob.step();
            }
            Assert.True(a.equal(b).all().item<bool>(), "the parallel split changed results");
        }
        finally
        {
            set_num_threads(threads);
        }
    }

    [Fact]
    public void Parameter_groups_keep_their_own_options_as_in_TorchSharp()
    {
        using var pair = new AdamPair(ScalarType.Float32);
        Adam.ParamGroup[] Groups(nn.Module m)
        {
            var ps = m.parameters().ToArray();
            return
            [
                new Adam.ParamGroup(ps.Take(2), lr: 1e-2, weight_decay: 0.1),
                new Adam.ParamGroup(ps.Skip(2), new Adam.Options { LearningRate = 3e-3, amsgrad = true }),
            ];
        }
        using var reference = optim.Adam(Groups(pair.Reference), lr: 1e-3);
        using var subject = new HyperAdam(Groups(pair.Subject), lr: 1e-3);

        double worst = pair.Train(reference, subject, steps: 50);

        Assert.True(worst <= 1e-6, $"max |Δparam| = {worst:E3}");
        Assert.Equal(new[] { 1e-2, 3e-3 }, subject.ParamGroups.Select(g => g.LearningRate));
    }

    [Fact]
    public void A_learning_rate_scheduler_drives_it_like_TorchSharp_Adam()
    {
        using var pair = new AdamPair(ScalarType.Float32);
        using var reference = optim.Adam(pair.Reference.parameters(), 1e-2);
        using var subject = new HyperAdam(pair.Subject.parameters(), 1e-2);
        var referenceSchedule = optim.lr_scheduler.StepLR(reference, step_size: 10, gamma: 0.5);
        var subjectSchedule = optim.lr_scheduler.StepLR(subject, step_size: 10, gamma: 0.5);

        double worst = pair.Train(reference, subject, steps: 40, afterStep: _ =>
        {
            referenceSchedule.step();
            subjectSchedule.step();
        });

        Assert.True(worst <= 1e-6, $"max |Δparam| = {worst:E3}");
        Assert.Equal(1e-2 / 16, subject.ParamGroups.Single().LearningRate, 12);
    }

    [Fact]
    public void Switching_amsgrad_on_later_starts_its_maximum_from_zero()
    {
        using var pair = new AdamPair(ScalarType.Float32);
        using var subject = new HyperAdam(pair.Subject.parameters(), 1e-2);
        void Step()
        {
            using var scope = NewDisposeScope();
            subject.zero_grad();
            nn.functional.mse_loss(pair.Subject.forward(randn(4, 20)), randn(4, 3)).backward();
            subject.step();
        }
        Step();
        Step();
        var state = (HyperAdam.State)subject.state_dict().State[0];
        Assert.Null(state.max_exp_avg_sq);

        ((Adam.Options)((ParamGroup)subject.ParamGroups.Single()).Options).amsgrad = true;
        Step();

        // max(0, v) = v: the first AMSGrad step uses this step's second moment.
        Assert.NotNull(state.max_exp_avg_sq);
        Assert.True(state.max_exp_avg_sq!.equal(state.exp_avg_sq).all().item<bool>());
    }

    static void AssertMomentsMatch(optim.Optimizer reference, HyperAdam subject, double tolerance)
    {
        var referenceStates = ((OptimizerHelper)reference).state_dict().State.Cast<Adam.State>().ToArray();
        var subjectStates = subject.state_dict().State.Cast<HyperAdam.State>().ToArray();
        Assert.Equal(referenceStates.Length, subjectStates.Length);
        foreach (var (r, s) in referenceStates.Zip(subjectStates))
        {
            Assert.Equal(r.step, s.step);
            Assert.True(Max(r.exp_avg, s.exp_avg) <= tolerance, "exp_avg differs");
            Assert.True(Max(r.exp_avg_sq, s.exp_avg_sq) <= tolerance, "exp_avg_sq differs");
            Assert.Equal(r.max_exp_avg_sq is null, s.max_exp_avg_sq is null);
            if (r.max_exp_avg_sq is not null)
                Assert.True(Max(r.max_exp_avg_sq, s.max_exp_avg_sq!) <= tolerance, "max_exp_avg_sq differs");
        }

        static double Max(Tensor a, Tensor b) => AdamPair.Difference(a, b);
    }
}
