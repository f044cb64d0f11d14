using System;
using System.Linq;
using HyperGen.Tests.Shared;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Statistics;

/// <summary>
/// HypernetParts.ReviveDeadHeadInputs and the expected moment that goes with it: narrow ReLU hidden layers map an
/// embedding to all zeros with probability 2^−n per layer; revived rows are never zero, and their mean second moment is
/// the unconditional one divided by P(alive) = Π(1 − 2^−n_k), which ExpectedHiddenMoment(…, widths, …) returns.
/// </summary>
public class DeadHeadInputTests(ITestOutputHelper output)
{
    static Tensor Hidden(Tensor e, Linear[] layers)
    {
        foreach (var layer in layers)
            e = nn.functional.relu(layer.forward(e));
        return e;
    }

    [Theory]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2 })]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 2, 3 })]
    public void Revived_rows_are_never_zero_and_their_moment_is_the_expected_one_given_alive(int[] widths)
    {
        const int draws = 150, rows = 100, k = 64;
        manual_seed(4242);
        using var embeddings = new Parameter(empty(rows, k));
        var layers = widths.Select((w, i) => nn.Linear(i == 0 ? k : widths[i - 1], w)).ToArray();
        var drawMeans = new double[draws];
        long redrawn = 0;
        for (int d = 0; d < draws; d++)
        {
            using var scope = NewDisposeScope();
            HypernetParts.InitEmbeddings(embeddings);
            foreach (var layer in layers)
                HypernetParts.InitHidden(layer, Activation.ReLU);
            var revival = HypernetParts.ReviveDeadHeadInputs(embeddings, () => Hidden(embeddings, layers), layers, Activation.ReLU);
            Assert.Equal(0, revival.StillDead);
            redrawn += revival.RowDraws;
            using var _ = no_grad();
            var moments = Hidden(embeddings, layers).square().mean([1L]);      // per row
            Assert.True(moments.gt(0).all().item<bool>(), "a revived row is all zero");
            drawMeans[d] = moments.mean().item<float>();
        }
        // Rows of one draw share the hidden weights, so the independent samples are the draws.
        double mean = drawMeans.Average(), se = System.Math.Sqrt(drawMeans.Sum(x => (x - mean) * (x - mean)) / (draws - 1) / draws);
        double corrected = HypernetParts.ExpectedHiddenMoment(1.0, widths, Activation.ReLU);
        double uncorrected = HypernetParts.ExpectedHiddenMoment(1.0, widths.Length, Activation.ReLU);
        output.WriteLine($"widths [{string.Join(", ", widths)}]: mean E[h²] of revived rows {mean:F4} ± {se:F4} (1 SE); expected given alive {corrected:F4}, " +
                         $"unconditional {uncorrected:F4}; {redrawn} row redraws over {draws * rows} rows");
        Assert.InRange(mean, corrected - SamplingBands.Z * se, corrected + SamplingBands.Z * se);
        if (widths.Min() <= 2)
            Assert.True(System.Math.Abs(mean - uncorrected) > SamplingBands.Z * se, "the test cannot tell the correction from none");
    }

    [Fact]
    public void Expected_moment_given_alive_is_the_unconditional_one_over_the_alive_probability()
    {
        Assert.Equal(4.0 / 3.0, HypernetParts.ExpectedHiddenMoment(1.0, [2], Activation.ReLU), 12);
        Assert.Equal(2.0 / (0.75 * 0.875), HypernetParts.ExpectedHiddenMoment(2.0, [2, 3], Activation.ReLU), 12);
        Assert.Equal(HypernetParts.ExpectedHiddenMoment(1.0, 1, Activation.ReLU), HypernetParts.ExpectedHiddenMoment(1.0, [100], Activation.ReLU), 12);
        // Only ReLU is ever exactly zero: other activations keep the unconditional moment.
        Assert.Equal(HypernetParts.ExpectedHiddenMoment(1.0, 1, Activation.Tanh), HypernetParts.ExpectedHiddenMoment(1.0, [2], Activation.Tanh), 12);
        Assert.Equal(1.0, HypernetParts.ExpectedHiddenMoment(1.0, [], Activation.ReLU), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => HypernetParts.ExpectedHiddenMoment(1.0, [0], Activation.ReLU));
    }

    [Fact]
    public void Hidden_layers_that_kill_every_row_are_redrawn_too_and_the_note_says_so()
    {
        // A width-1 first layer outputs h ≥ 0; a second layer whose weights are all negative then kills every row
        // whatever the embedding. Only redrawing the hidden layers helps.
        manual_seed(77);
        using var embeddings = new Parameter(empty(3, 16));
        Linear[] layers = [nn.Linear(16, 1), nn.Linear(1, 4)];
        HypernetParts.InitEmbeddings(embeddings);
        HypernetParts.InitHidden(layers[0], Activation.ReLU);
        using (no_grad())
        {
            layers[0].weight!.copy_(embeddings[0].unsqueeze(0));           // row 0 alive after layer 1
            layers[1].weight!.fill_(-1.0);
            layers[1].bias!.zero_();
        }
        var revival = HypernetParts.ReviveDeadHeadInputs(embeddings, () => Hidden(embeddings, layers), layers, Activation.ReLU);
        output.WriteLine(revival.Note);
        Assert.Equal(0, revival.StillDead);
        Assert.True(revival.HiddenDraws >= 1);
        Assert.Contains("hidden-layer redraw", revival.Note);
        Assert.Contains("dead ReLU units", new HypernetInit(HeadInit.Hyperfan, HyperfanMode.In, Calibrated: true) { Revival = revival }.ToString());
        using var _ = no_grad();
        Assert.True(Hidden(embeddings, layers).ne(0).any(1).all().item<bool>());
    }

    [Fact]
    public void Rows_that_cannot_be_revived_are_reported_and_calibration_falls_back_instead_of_throwing()
    {
        using var embeddings = new Parameter(ones(3, 4));
        Linear[] layers = [nn.Linear(4, 2)];
        var revival = HypernetParts.ReviveDeadHeadInputs(embeddings, () => zeros(3, 2), layers, Activation.ReLU);
        Assert.Equal(3, revival.StillDead);
        Assert.Contains("3 of 3 head inputs still all zero: their tensors are zero", revival.Note);
        Assert.Equal(HypernetParts.MaxHiddenRedraws, revival.HiddenDraws);           // bounded: it gives up
        Assert.True(revival.RowDraws > 0);

        using var inputs = tensor(new float[] { 0, 0, 1, 3 }).reshape(2, 2);
        Assert.Equal(new[] { 0.75, 5.0 }, HypernetParts.HeadInputMoments(inputs, calibrate: true, expected: 0.75));
    }

    [Fact]
    public void Wide_layers_cost_one_check_and_change_nothing()
    {
        manual_seed(5);
        using var embeddings = new Parameter(empty(3, 64));
        Linear[] layers = [nn.Linear(64, 100)];
        HypernetParts.InitEmbeddings(embeddings);
        HypernetParts.InitHidden(layers[0], Activation.ReLU);
        using var before = embeddings.detach().clone();
        int calls = 0;
        var revival = HypernetParts.ReviveDeadHeadInputs(embeddings, () => { calls++; return Hidden(embeddings, layers); }, layers, Activation.ReLU);
        Assert.True(revival.Untouched);
        Assert.Equal("", revival.Note);
        Assert.Equal(1, calls);
        Assert.True(embeddings.equal(before).all().item<bool>());
        Assert.Equal("hyperfan-in (calibrated)", new HypernetInit(HeadInit.Hyperfan, HyperfanMode.In, Calibrated: true) { Revival = revival }.ToString());
    }

    [Fact]
    public void Head_inputs_of_the_wrong_shape_are_refused_with_both_shapes()
    {
        using var embeddings = new Parameter(ones(3, 4));
        var e = Assert.Throws<ArgumentException>(() => HypernetParts.ReviveDeadHeadInputs(embeddings, () => ones(5, 2), [], Activation.ReLU));
        Assert.Contains("with 3 rows (one per embedding row); got [5, 2]", e.Message);
    }
}
