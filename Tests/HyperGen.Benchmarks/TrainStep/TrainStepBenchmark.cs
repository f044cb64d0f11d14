using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using HyperGen.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Benchmarks.TrainStep;

/// <summary>
/// One training step of <see cref="MnistHypernet"/> (784-300-100-10 mainnet, Embedding 64, Hidden [100], 26.9M
/// parameters, batch 128, cross-entropy, Adam), generated and hand-written, with TorchSharp's Adam and with
/// <see cref="HyperAdam"/>, against the physical floor (<see cref="StepFloor"/>) measured in the same process.
/// The variants run interleaved, round after round, so a load change on this shared machine hits all of them alike;
/// every ratio is taken within a round and reported as the median over rounds with its range.
/// </summary>
public static class TrainStepBenchmark
{
    sealed record Variant(string Name, Action Step);

    public static int Run(string[] args)
    {
        var options = Options.Parse(args);
        set_num_threads(options.Threads);
        manual_seed(11);
        using var generated = new MnistHypernet();
        using var handWritten = new HandWrittenHypernet(generated);
        var x = randn(options.Batch, 784);
        var y = randint(0, 10, options.Batch);
        using var floor = new StepFloor(generated, options.Batch);
        using var generatedAdam = optim.Adam(generated.parameters(), lr: 1e-4, beta2: 0.999);
        using var generatedHyper = new HyperAdam(generated.parameters(), lr: 1e-4);
        using var handAdam = optim.Adam(handWritten.parameters(), lr: 1e-4, beta2: 0.999);
        using var handHyper = new HyperAdam(handWritten.parameters(), lr: 1e-4);
        // The parts (forward+backward alone, step alone) run on a third model with its own optimisers, so that the
        // generated and hand-written full steps see exactly the same sequence of operations on their own model.
        using var parts = new MnistHypernet();
        using var partsAdam = optim.Adam(parts.parameters(), lr: 1e-4, beta2: 0.999);
        using var partsHyper = new HyperAdam(parts.parameters(), lr: 1e-4);
        using (NewDisposeScope())
            nn.functional.cross_entropy(parts.forward(x), y).backward(); // gradients for the step-alone variants

        Action Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer) => () =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(x), y);
            loss.backward();
            optimizer.step();
        };
        Action ForwardBackward(bool setToNone) => () =>
        {
            using var scope = NewDisposeScope();
            partsHyper.zero_grad(setToNone);
            nn.functional.cross_entropy(parts.forward(x), y).backward();
        };

        var variants = new List<Variant>
        {
            new("floor", floor.Step),
            new("generated + TorchSharp Adam", Train(generated, generatedAdam)),
            new("generated + HyperAdam", Train(generated, generatedHyper)),
            new("hand-written + TorchSharp Adam", Train(handWritten, handAdam)),
            new("hand-written + HyperAdam", Train(handWritten, handHyper)),
            new("floor: GEMMs alone", floor.Gemms),
            new("floor: Adam traffic alone", floor.AdamTraffic),
            new("generated forward+backward, grads set to null", ForwardBackward(setToNone: true)),
            new("generated forward+backward, grads zero-filled", ForwardBackward(setToNone: false)),
            new("HyperAdam.step() alone", () => { using var s = NewDisposeScope(); partsHyper.step(); }),
            new("TorchSharp Adam.step() alone", () => { using var s = NewDisposeScope(); partsAdam.step(); }),
        };
        if (options.Only is { } only)
            variants = variants.Where(v => v.Name == "floor" || only.Any(o => v.Name.Contains(o, StringComparison.OrdinalIgnoreCase))).ToList();

        var medians = variants.ToDictionary(v => v.Name, _ => new List<double>());
        for (int round = 0; round < options.Rounds; round++)
        {
            foreach (var variant in variants)
                for (int i = 0; i < options.Warmup; i++)
                    variant.Step();
            // Step by step in turn, the order reversed every other step: a load change on the machine lands on every
            // variant of the round alike, and no variant always follows the same neighbour.
            var times = variants.ToDictionary(v => v.Name, _ => new double[options.Steps]);
            for (int i = 0; i < options.Steps; i++)
                foreach (var variant in i % 2 == 0 ? variants : Enumerable.Reverse(variants))
                {
                    long start = Stopwatch.GetTimestamp();
                    variant.Step();
                    times[variant.Name][i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
            foreach (var variant in variants)
                medians[variant.Name].Add(Median([.. times[variant.Name]]));
            if (options.TrimEveryRound)
                Allocator.Trim();
            Console.Error.WriteLine($"round {round + 1}/{options.Rounds}: " + string.Join(", ", variants.Select(v => $"{v.Name} {medians[v.Name][^1]:F1} ms")));
        }

        var report = Report(options, medians);
        Console.WriteLine(report);
        if (options.Out is { } path)
            File.WriteAllText(path, report);
        return 0;
    }

    static string Report(Options options, Dictionary<string, List<double>> medians)
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.WriteLine($"train step: batch {options.Batch}, torch threads {options.Threads}, {options.Rounds} rounds × {options.Steps} steps (variants interleaved step by step, order reversed every other step; median per round), " +
                    $"peak RSS {Allocator.PeakResidentMegabytes():F0} MB, allocator: {Allocator.Describe()}");
        w.WriteLine();
        w.WriteLine("| variant | median step (ms) | range over rounds (ms) |");
        w.WriteLine("|---|---:|---:|");
        foreach (var (name, list) in medians)
            w.WriteLine($"| {name} | {Median(list):F1} | {list.Min():F1}–{list.Max():F1} |");
        w.WriteLine();
        w.WriteLine("| ratio (same round) | median | range over rounds |");
        w.WriteLine("|---|---:|---:|");
        void Ratio(string label, string a, string b)
        {
            if (!medians.ContainsKey(a) || !medians.ContainsKey(b))
                return;
            var ratios = medians[a].Zip(medians[b], (p, q) => p / q).ToList();
            w.WriteLine($"| {label} | **{Median(ratios):F2}** | {ratios.Min():F2}–{ratios.Max():F2} |");
        }
        Ratio("generated + HyperAdam / generated + TorchSharp Adam", "generated + HyperAdam", "generated + TorchSharp Adam");
        Ratio("generated + HyperAdam / floor", "generated + HyperAdam", "floor");
        Ratio("generated + TorchSharp Adam / floor", "generated + TorchSharp Adam", "floor");
        Ratio("generated / hand-written, TorchSharp Adam", "generated + TorchSharp Adam", "hand-written + TorchSharp Adam");
        Ratio("generated / hand-written, HyperAdam", "generated + HyperAdam", "hand-written + HyperAdam");
        Ratio("HyperAdam.step() / Adam traffic floor", "HyperAdam.step() alone", "floor: Adam traffic alone");
        Ratio("TorchSharp Adam.step() / Adam traffic floor", "TorchSharp Adam.step() alone", "floor: Adam traffic alone");
        Ratio("forward+backward (grads null) / GEMM floor", "generated forward+backward, grads set to null", "floor: GEMMs alone");
        Ratio("forward+backward (grads zero-filled) / GEMM floor", "generated forward+backward, grads zero-filled", "floor: GEMMs alone");
        Ratio("forward+backward: grads null / zero-filled", "generated forward+backward, grads set to null", "generated forward+backward, grads zero-filled");
        return w.ToString();
    }

    static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    sealed record Options(int Rounds, int Steps, int Warmup, int Threads, int Batch, bool TrimEveryRound, string[]? Only, string? Out)
    {
        public static Options Parse(string[] args)
        {
            var o = new Options(Rounds: 7, Steps: 10, Warmup: 2, Threads: 1, Batch: 128, TrimEveryRound: false, Only: null, Out: null);
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--trim-every-round")
                {
                    o = o with { TrimEveryRound = true };
                    continue;
                }
                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                o = args[i] switch
                {
                    "--rounds" => o with { Rounds = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--steps" => o with { Steps = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--warmup" => o with { Warmup = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--threads" => o with { Threads = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--batch" => o with { Batch = int.Parse(value, CultureInfo.InvariantCulture) },
                    "--only" => o with { Only = value.Split(',') },
                    "--out" => o with { Out = value },
                    _ => throw new ArgumentException($"Unknown option {args[i]}."),
                };
                i++;
            }
            return o;
        }
    }
}
