using System;
using System.Collections.Generic;
using System.Linq;
using HyperGen.Generated.Tests.Models;
using Xunit;
using HyperGen.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests;

/// <summary>
/// Chunked hypernets: one shared head, per-chunk embeddings, and every generated tensor still on its own
/// hyperfan target (fixed per-tensor output scales, calibrated). Measured next to hypnettorch's chunked
/// hyperfan heuristic, reimplemented here as the reference, which lands near 2× its own targets.
/// </summary>
public class ChunkedTests(ITestOutputHelper output)
{
    static readonly long[][] MnistShapes = [[300, 784], [300], [100, 300], [100], [10, 100], [10]];

    [Fact]
    public void Every_tensor_hits_its_target_for_twenty_seeds_with_zero_one_and_two_hidden_layers()
    {
        var models = new (string Name, Func<nn.Module> Create)[]
        {
            ("no hidden layer", () => new ChunkedMnist0()),
            ("hidden [100]", () => new ChunkedMnist1()),
            ("hidden [100, 100]", () => new ChunkedMnist2()),
        };
        foreach (var (name, create) in models)
        {
            var ratios = new Dictionary<string, List<double>>();
            for (int seed = 0; seed < 20; seed++)
            {
                manual_seed(700 + seed);
                using var model = create();
                var report = model switch
                {
                    ChunkedMnist0 m => m.InitReport(),
                    ChunkedMnist1 m => m.InitReport(),
                    ChunkedMnist2 m => m.InitReport(),
                    _ => throw new InvalidOperationException(),
                };
                foreach (var row in report)
                {
                    (ratios.TryGetValue(row.Name, out var list) ? list : ratios[row.Name] = []).Add(row.Ratio);
                    var (low, high) = SamplingBands.Of(IndependentRows(row.Shape.Aggregate(1L, (a, b) => a * b)));
                    Assert.InRange(row.Ratio, low, high);
                }
                if (seed == 0)
                {
                    Assert.True(report.HypernetParameters < report.GeneratedParameters * 2,
                        $"{name}: {report.HypernetParameters} hypernet parameters for {report.GeneratedParameters} generated");
                    output.WriteLine($"{name}: {report.HypernetParameters:N0} hypernet parameters generate {report.GeneratedParameters:N0} " +
                                     $"(one head per tensor would need {(report.GeneratedParameters * 101):N0}+)");
                }
            }
            // Unbiased: the 20-seed mean sits within four standard errors of 1 for every tensor.
            foreach (var (tensor, list) in ratios)
            {
                long n = IndependentRows(tensor switch
                {
                    "Layer1Weight" => 235200, "Layer2Weight" => 30000, "Layer3Weight" => 1000, "Layer1Bias" => 300, "Layer2Bias" => 100, _ => 10,
                });
                double band = SamplingBands.Z * Math.Sqrt(2.0 / n / list.Count);
                Assert.InRange(list.Average(), 1 - band, 1 + band);
            }
            output.WriteLine($"HyperGen chunked, {name}, Var(W)/target over 20 seeds: " +
                             string.Join("; ", ratios.Select(kv => $"{kv.Key} mean {kv.Value.Average():F3} [{kv.Value.Min():F3}, {kv.Value.Max():F3}]")));
        }
    }

    /// <summary>
    /// Element j of every chunk comes from the same head row H_j, so a chunked tensor's n elements rest on at
    /// least min(n, chunk) independent rows: n when its chunks' inputs are orthogonal, down to the chunk size when
    /// they are alike (ReLU hidden layers make them so). The band uses the worst case.
    /// </summary>
    static long IndependentRows(long n) => Math.Min(n, 4096);

    [Theory]
    [InlineData(new[] { 100 })]
    [InlineData(new[] { 100, 100 })]
    public void Hypnettorch_chunked_heuristic_lands_near_twice_its_targets(int[] hidden)
    {
        var ratios = new List<double[]>();
        for (int seed = 0; seed < 20; seed++)
        {
            manual_seed(900 + seed);
            ratios.Add(HypnettorchChunkedHyperfan(hidden, chunk: 4096, embedding: 64));
        }
        var weights = new[] { 0, 2, 4 };    // their heuristic: weights 2/fan_in, biases 1/(3·fan_in)
        string line = string.Join("; ", weights.Select(i => $"W{i / 2 + 1} mean {ratios.Average(r => r[i]):F3} [{ratios.Min(r => r[i]):F3}, {ratios.Max(r => r[i]):F3}]"));
        output.WriteLine($"hypnettorch chunked hyperfan, hidden [{string.Join(", ", hidden)}], Var(W)/its target over 20 seeds: {line}");
        foreach (int i in weights.Take(2))
            Assert.InRange(ratios.Average(r => r[i]), 1.6, 2.4);     // ≈ 2×: a Kaiming-ReLU output layer doubles the moment
    }

    /// <summary>
    /// hypnettorch's ChunkedHMLP.apply_chunked_hyperfan_init (method 'in'), reimplemented: every hypernet layer,
    /// the output head included, gets Kaiming-uniform (fan-in, ReLU) and zero bias; with no inputs besides the
    /// chunk embeddings, each chunk embedding is drawn with the element-weighted target variance of its chunk.
    /// Returns Var(W)/target for each generated tensor, with hypnettorch's own targets.
    /// </summary>
    static double[] HypnettorchChunkedHyperfan(int[] hidden, int chunk, int embedding)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var targets = MnistShapes.Select(s => s.Length > 1 ? 2.0 / s[1] : 1.0 / (3.0 * (s[0] == 300 ? 784 : s[0] == 100 ? 300 : 100))).ToArray();
        var sizes = MnistShapes.Select(s => s.Aggregate(1L, (a, b) => a * b)).ToArray();
        long total = sizes.Sum(), chunks = (total + chunk - 1) / chunk;

        // Target variance per chunk: the element-weighted mix of the tensors it spans (the last chunk's tail takes the last tensor's).
        var chunkVar = new double[chunks];
        for (long c = 0; c < chunks; c++)
        {
            long start = c * chunk, offset = 0;
            for (int t = 0; t < sizes.Length; t++)
            {
                long overlap = Math.Min(offset + sizes[t], start + chunk) - Math.Max(offset, start);
                if (overlap > 0) chunkVar[c] += overlap / (double)chunk * targets[t];
                offset += sizes[t];
            }
            if (c == chunks - 1) chunkVar[c] += (chunks * chunk - total) / (double)chunk * targets[^1];
        }
        var e = empty(chunks, embedding);
        for (long c = 0; c < chunks; c++)
            e[c].uniform_(-Math.Sqrt(3 * chunkVar[c]), Math.Sqrt(3 * chunkVar[c]));

        Tensor h = e;
        int width = embedding;
        foreach (int w in hidden)
        {
            var weight = empty(w, width);
            nn.init.kaiming_uniform_(weight, 0, nn.init.FanInOut.FanIn, nn.init.NonlinearityType.ReLU);
            h = nn.functional.relu(nn.functional.linear(h, weight));
            width = w;
        }
        var head = empty(chunk, width);
        nn.init.kaiming_uniform_(head, 0, nn.init.FanInOut.FanIn, nn.init.NonlinearityType.ReLU);
        var flat = nn.functional.linear(h, head).flatten().narrow(0, 0, total);
        var parts = flat.split(sizes);
        return parts.Select((p, t) => p.var(unbiased: false).item<float>() / targets[t]).ToArray();
    }
}
