using System;
using System.Linq;
using HyperGen.Tests.Shared;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests
{
    /// <summary>
    /// Narrow ReLU hidden layers: with width n every unit is negative for a given embedding with probability 2^−n, so
    /// before the fix ~48% of width-2 constructions threw "second moment is 0" and with Calibrate = false generated an
    /// all-zero layer. Now dead head inputs are redrawn (and said so in InitReport), every construction succeeds, and the
    /// generated variances sit on their targets: per model when calibrated, on average over models in expected mode.
    /// </summary>
    public class SmallHiddenWidthTests(ITestOutputHelper output)
    {
        const int Constructions = 200;

        static (Func<nn.Module<Tensor, Tensor>> Create, Func<nn.Module<Tensor, Tensor>, InitReport> Report) Model(int width, bool calibrate) => (width, calibrate) switch
        {
            (2, true) => (() => new SmallWidths.Hidden2(), m => ((SmallWidths.Hidden2)m).InitReport()),
            (4, true) => (() => new SmallWidths.Hidden4(), m => ((SmallWidths.Hidden4)m).InitReport()),
            (8, true) => (() => new SmallWidths.Hidden8(), m => ((SmallWidths.Hidden8)m).InitReport()),
            (2, false) => (() => new SmallWidths.Hidden2Expected(), m => ((SmallWidths.Hidden2Expected)m).InitReport()),
            (4, false) => (() => new SmallWidths.Hidden4Expected(), m => ((SmallWidths.Hidden4Expected)m).InitReport()),
            _ => (() => new SmallWidths.Hidden8Expected(), m => ((SmallWidths.Hidden8Expected)m).InitReport()),
        };

        [Theory]
        [InlineData(2)]
        [InlineData(4)]
        [InlineData(8)]
        public void Calibrated_constructions_always_succeed_and_every_tensor_hits_its_target(int width)
        {
            var (create, report) = Model(width, calibrate: true);
            int revived = 0;
            double worst = 0;
            for (int seed = 0; seed < Constructions; seed++)
            {
                manual_seed(9000 + seed);
                using var model = create();                                   // threw "second moment is 0" before
                var r = report(model);
                if (r.Init.Contains("redraw", StringComparison.Ordinal))
                {
                    revived++;
                    Assert.Contains("because the hidden layers' output was all zero (dead ReLU units)", r.Init);
                }
                else
                    Assert.Equal("hyperfan-in (calibrated)", r.Init);
                foreach (var row in r)
                {
                    long n = row.Shape.Aggregate(1L, (a, b) => a * b);
                    Assert.True(SamplingBands.Contains(n, row.Ratio), $"seed {9000 + seed}, {row.Name}: realised/target {row.Ratio:F4} outside {SamplingBands.Of(n)} ({r.Init})");
                    worst = Math.Max(worst, Math.Abs(row.Ratio - 1) / Math.Sqrt(2.0 / n));
                }
            }
            output.WriteLine($"width {width}: {Constructions} constructions, {revived} needed a redraw; worst tensor {worst:F2}·√(2/n) from its target");
            Assert.True(width > 2 || revived > Constructions / 5, $"width 2 should need redraws often (P ≈ 1 − (3/4)³ ≈ 58%); saw {revived}");
        }

        [Theory]
        [InlineData(2, 600)]      // enough to tell 1 from the 0.75 an uncorrected moment would give
        [InlineData(4, 300)]
        [InlineData(8, 200)]
        public void Expected_mode_never_generates_a_zero_layer_and_is_on_target_on_average(int width, int constructions)
        {
            var (create, report) = Model(width, calibrate: false);
            var ratios = new double[constructions * 3];
            for (int seed = 0; seed < constructions; seed++)
            {
                manual_seed(7000 + seed);
                using var model = create();
                var r = report(model);
                Assert.All(r, row => Assert.True(row.RealisedVariance > 0, $"seed {7000 + seed}: {row.Name} is all zero ({r.Init})"));
                // One construction's scale is set by its own few hidden units (the spread expected V_e accepts); the
                // redraw must not bias it: averaged over constructions, the weights land on their targets.
                for (int l = 0; l < 3; l++)
                    ratios[3 * seed + l] = r[$"Layer{l + 1}Weight"].Ratio;
            }
            double mean = ratios.Average(), sd = Math.Sqrt(ratios.Sum(x => (x - mean) * (x - mean)) / (ratios.Length - 1));
            double half = SamplingBands.Z * sd / Math.Sqrt(ratios.Length);
            output.WriteLine($"width {width}: mean realised/target of the weights over {constructions} constructions {mean:F3} ± {half:F3} " +
                             $"(sd {sd:F3}, range {ratios.Min():F4}–{ratios.Max():F3}); without the 1/P(alive) correction it would be {1 - Math.Pow(2, -width):F3}");
            Assert.InRange(mean, 1 - half, 1 + half);
        }
    }
}

namespace HyperGen.Generated.Tests.SmallWidths
{
    // A small 3-layer ReLU mainnet (hundreds of constructions per test) with 64-wide embeddings behind 2-, 4- and 8-wide
    // ReLU hidden layers. Three embedding rows: P(some row dead) = 1 − (1 − 2^−n)³ ≈ 58%, 18%, 1.2%.

    [Hypernet(Embedding = 64, Hidden = new[] { 2 })]
    [Linear(128, 64, Activation = Activation.ReLU)] [Linear(64, 32, Activation = Activation.ReLU)] [Linear(32, 10)]
    public partial class Hidden2 { }

    [Hypernet(Embedding = 64, Hidden = new[] { 4 })]
    [Linear(128, 64, Activation = Activation.ReLU)] [Linear(64, 32, Activation = Activation.ReLU)] [Linear(32, 10)]
    public partial class Hidden4 { }

    [Hypernet(Embedding = 64, Hidden = new[] { 8 })]
    [Linear(128, 64, Activation = Activation.ReLU)] [Linear(64, 32, Activation = Activation.ReLU)] [Linear(32, 10)]
    public partial class Hidden8 { }

    [Hypernet(Embedding = 64, Hidden = new[] { 2 }, Calibrate = false)]
    [Linear(128, 64, Activation = Activation.ReLU)] [Linear(64, 32, Activation = Activation.ReLU)] [Linear(32, 10)]
    public partial class Hidden2Expected { }

    [Hypernet(Embedding = 64, Hidden = new[] { 4 }, Calibrate = false)]
    [Linear(128, 64, Activation = Activation.ReLU)] [Linear(64, 32, Activation = Activation.ReLU)] [Linear(32, 10)]
    public partial class Hidden4Expected { }

    [Hypernet(Embedding = 64, Hidden = new[] { 8 }, Calibrate = false)]
    [Linear(128, 64, Activation = Activation.ReLU)] [Linear(64, 32, Activation = Activation.ReLU)] [Linear(32, 10)]
    public partial class Hidden8Expected { }
}
