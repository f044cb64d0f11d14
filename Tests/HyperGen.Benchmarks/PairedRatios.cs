using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace HyperGen.Benchmarks;

/// <summary>
/// Ratios that stay honest on a shared, loaded machine: each comparison measures its baseline and its candidate
/// alternately, pair after pair (the order flipping every pair), and reports the median of the per-pair ratios with
/// its interquartile range. Load that drifts over seconds hits both halves of a pair alike; BenchmarkDotNet, which
/// runs every iteration of one method before the next, cannot cancel it.
/// Run: <c>dotnet run -c Release --project Tests/HyperGen.Benchmarks -- paired [pairs]</c>.
/// </summary>
public static class PairedRatios
{
    public static void Run(string[] args)
    {
        int pairs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 30;
        var generation = new GenerationBenchmarks();
        generation.Setup();
        var batched = new BatchedMainnetBenchmarks();
        batched.Setup();
        var compile = new GeneratedCodeCompileBenchmarks();
        compile.Setup();
        var rows = new List<string>
        {
            Compare("generate: GenerateWeights() / hand-written 6 × torch.mv", generation.GenerateHandWritten, generation.GenerateGenerated, pairs),
            Compare("inference: forward, batch 128 / hand-written", generation.InferenceHandWritten, generation.InferenceGenerated, pairs),
            Compare("training step (Adam): generated / hand-written", generation.TrainHandWritten, generation.TrainGenerated, pairs),
            Compare("conv, batch 32: generated batched pass / per-sample loop", batched.ConvLoop, batched.ConvBatched, pairs),
            Compare("MLP, batch 32: generated batched pass / per-sample loop", batched.MlpLoop, batched.MlpBatched, pairs),
            Compare("compile (bind + emit): generated code / its input, 24 classes", () => compile.Input(), () => compile.Generated(), pairs),
        };
        compile.Sizes();
        Console.WriteLine($"| comparison ({pairs} interleaved pairs) | baseline, median | candidate, median | ratio, median | ratio, IQR |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var row in rows)
            Console.WriteLine(row);
    }

    static string Compare(string name, Func<float> baseline, Func<float> candidate, int pairs)
    {
        for (int i = 0; i < 3; i++)
        {
            baseline();
            candidate();
        }
        var a = new double[pairs];
        var b = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            if (i % 2 == 0)
            {
                a[i] = Time(baseline);
                b[i] = Time(candidate);
            }
            else
            {
                b[i] = Time(candidate);
                a[i] = Time(baseline);
            }
        }
        var ratios = a.Zip(b, (x, y) => y / x).OrderBy(r => r).ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(a):F2} ms | {Median(b):F2} ms | **{Quantile(ratios, 0.5):F3}** | {Quantile(ratios, 0.25):F3} – {Quantile(ratios, 0.75):F3} |");
    }

    static double Time(Func<float> action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    static double Median(double[] values) => Quantile(values.OrderBy(v => v).ToArray(), 0.5);

    static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int low = (int)Math.Floor(position), high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
