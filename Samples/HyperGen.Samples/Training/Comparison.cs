using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using HyperGen.Samples.Cli;
using HyperGen.Samples.Data;
using HyperGen.Samples.Models;
using HyperGen.Samples.Plotting;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Samples.Training;

/// <summary>Which generated hypernet a comparison trains.</summary>
/// <param name="Model">Its name, for titles.</param>
/// <param name="Architecture">Its mainnet in words, for the console and reports.</param>
/// <param name="Create">Builds one (outside any dispose scope).</param>
/// <param name="ImageShape">The mainnet's per-example input shape (<c>[]</c>: flat pixels).</param>
public sealed record ComparisonSetup(string Model, string Architecture, Func<IComparableHypernet> Create, long[] ImageShape);

/// <summary>What a comparison wrote and measured.</summary>
public sealed record ComparisonOutcome(IReadOnlyList<RunResult> Runs, IReadOnlyList<string> Files, string OutputFolder, TimeSpan Elapsed);

/// <summary>
/// Trains one generated hypernet with every requested head init × optimiser × seed, and writes per-run CSVs,
/// the init report, a summary and the plots.
/// </summary>
public static class Comparison
{
    /// <summary>Runs the comparison and reports to <paramref name="console"/>.</summary>
    public static ComparisonOutcome Run(ComparisonSetup setup, ImageSettings settings, IAnsiConsole console)
    {
        var clock = Stopwatch.StartNew();
        var device = settings.ResolveDevice();
        string outDir = settings.OutputFolder;
        Directory.CreateDirectory(outDir);
        using var data = ImageData.Load(settings.Data, device);
        console.MarkupLine(Markup.Escape($"{setup.Model} ({setup.Architecture}) on {data.Source}: {data.Train.Count:N0} training / {data.Test.Count:N0} test images, " +
            $"pixels standardised with the training mean {data.PixelMean:F4} and std {data.PixelStd:F4} (E[x²] = 1 at the input)."));

        var inits = settings.InitList;
        var optimizers = settings.OptimizerList;
        var seeds = settings.SeedList;
        var specs = (from o in optimizers from s in seeds from i in inits
                     select new RunSpec(i, o, settings.LearningRate(o), s, settings.Epochs, settings.Steps, settings.BatchSize)).ToList();
        int steps = specs[0].TotalSteps(data.Train.Count);
        console.MarkupLine(Markup.Escape($"{specs.Count} runs: {inits.Length} inits × {optimizers.Length} optimisers × {seeds.Length} seeds; {steps} steps of {settings.BatchSize} each " +
            $"(Adam lr {settings.LearningRateAdam.ToString("G3", CultureInfo.InvariantCulture)}, SGD lr {settings.LearningRateSgd.ToString("G3", CultureInfo.InvariantCulture)}), on {device.type.ToString().ToLowerInvariant()}."));

        var files = new List<string>();
        var results = new List<RunResult>();
        void Finished(RunResult r)
        {
            results.Add(r);
            var csv = new Csv("step", "loss", "accuracy");
            for (int k = 0; k < r.Loss.Length; k++)
                csv.Row(k + 1, r.Loss[k], r.Accuracy[k]);
            files.Add(csv.Save(Path.Combine(outDir, "runs", r.Spec.Stem + ".csv")));
        }

        if (console.Profile.Capabilities.Interactive)
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var all = ctx.AddTask("all runs", maxValue: specs.Sum(s => s.TotalSteps(data.Train.Count)));
                    foreach (var spec in specs)
                    {
                        var task = ctx.AddTask(Markup.Escape(Describe(spec)), maxValue: spec.TotalSteps(data.Train.Count));
                        double before = all.Value;
                        var r = ImageTraining.Run(setup.Create, setup.ImageShape, data, spec, device, (k, _) => { task.Value = k; all.Value = before + k; });
                        task.Value = task.MaxValue;
                        all.Value = before + spec.TotalSteps(data.Train.Count);
                        task.Description = Markup.Escape($"{Describe(spec)}: train loss {Num(r.Train.Loss)}") + (r.Diverged ? " [red]diverged[/]" : "");
                        Finished(r);
                    }
                });
        }
        else
        {
            int n = 0;
            foreach (var spec in specs)
            {
                var r = ImageTraining.Run(setup.Create, setup.ImageShape, data, spec, device);
                Finished(r);
                console.WriteLine((
                    $"[{++n}/{specs.Count}] {Describe(spec)}: first-step loss {Num(r.Loss[0])}, final train loss {Num(r.Train.Loss)}, test accuracy {r.Test.Accuracy:P1}" +
                    $"{(r.DivergedAtStep > 0 ? $", diverged at step {r.DivergedAtStep}" : r.Diverged ? ", diverged (final loss not finite)" : "")} ({r.Elapsed.TotalSeconds:F1} s)"));
            }
        }

        files.AddRange(WriteInitReport(outDir, results, inits, seeds, optimizers[0], console));
        files.AddRange(WriteSummary(outDir, setup, results, inits, optimizers, seeds, console));
        files.AddRange(WritePlots(outDir, setup, results, inits, optimizers, seeds, console));
        console.MarkupLineInterpolated($"Wrote {files.Count} files to [link]{outDir}[/] in {clock.Elapsed.TotalMinutes:F1} min.");
        return new ComparisonOutcome(results, files, outDir, clock.Elapsed);
    }

    static string Describe(RunSpec s) => $"{s.Optimizer.ToString().ToLowerInvariant()} · {s.Init.Name()} · seed {s.Seed}";

    internal static string Num(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 1e4 ? "0.##e0" : "0.####", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

    static IEnumerable<string> WriteInitReport(string outDir, List<RunResult> results, InitChoice[] inits, int[] seeds, OptimizerKind first, IAnsiConsole console)
    {
        // The init does not depend on the optimiser: report the runs of the first one.
        var runs = results.Where(r => r.Spec.Optimizer == first).ToList();
        var csv = new Csv("init", "seed", "name", "shape", "role", "fan_in", "fan_out", "target_var", "predicted_var", "realised_var", "ratio");
        foreach (var r in runs)
            foreach (var row in r.Report)
                csv.Row(r.Spec.Init.Name(), r.Spec.Seed, row.Name, row.ShapeText, row.Role, row.FanIn, row.FanOut, row.TargetVariance, row.PredictedVariance, row.RealisedVariance, row.Ratio);
        yield return csv.Save(Path.Combine(outDir, "init-report.csv"));

        var tensors = runs[0].Report.Select(r => r.Name).ToArray();
        var md = new StringBuilder();
        md.Append("# Initial generated-tensor variance\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Realised variance / hyperfan target per generated tensor, geometric mean over seeds {string.Join(", ", seeds)} (min–max in brackets). ");
        md.Append("The target of the Xavier and Kaiming rows is the hyperfan-in target, which is what the mainnet needs.\n\n");
        md.Append("| init | ").AppendJoin(" | ", tensors).Append(" |\n|---|").Append(string.Concat(Enumerable.Repeat("---:|", tensors.Length))).Append('\n');
        var table = new Table().Title("realised / target variance of the generated tensors at init (geometric mean over seeds)").AddColumn("init");
        foreach (var t in tensors)
            table.AddColumn(new TableColumn(t).RightAligned());
        foreach (var init in inits)
        {
            var ofInit = runs.Where(r => r.Spec.Init == init).ToList();
            md.Append("| ").Append(init.Label());
            var cells = new List<string> { init.Label() };
            foreach (var t in tensors)
            {
                var ratios = ofInit.Select(r => r.Report[t].Ratio).ToArray();
                double g = Stats.GeometricMean(ratios);
                md.Append(CultureInfo.InvariantCulture, $" | {Ratio(g)} ({Ratio(ratios.Min())}–{Ratio(ratios.Max())})");
                cells.Add(Ratio(g));
            }
            md.Append(" |\n");
            table.AddRow(cells.Select(c => new Markup(Markup.Escape(c))).ToArray());
        }
        md.Append("\n## Per tensor, first seed\n\n");
        foreach (var init in inits)
        {
            var r = runs.First(x => x.Spec.Init == init);
            md.Append("### ").Append(init.Label()).Append("\n\n").Append(r.Report.ToMarkdown()).Append('\n');
        }
        string mdPath = Path.Combine(outDir, "init-report.md");
        File.WriteAllText(mdPath, md.ToString());
        yield return mdPath;
        console.Write(table);
    }

    internal static string Ratio(double r) => !double.IsFinite(r) ? "n/a" : r >= 100 || r < 0.01
        ? r.ToString("0.0e0", CultureInfo.InvariantCulture)
        : r.ToString("0.000", CultureInfo.InvariantCulture);

    static IEnumerable<string> WriteSummary(string outDir, ComparisonSetup setup, List<RunResult> results, InitChoice[] inits, OptimizerKind[] optimizers,
        int[] seeds, IAnsiConsole console)
    {
        var csv = new Csv("optimizer", "init", "seed", "learning_rate", "steps", "batch_size", "first_step_loss", "final_train_loss", "final_train_accuracy",
            "test_loss", "test_accuracy", "diverged_at_step", "seconds");
        foreach (var r in results)
            csv.Row(r.Spec.Optimizer.ToString().ToLowerInvariant(), r.Spec.Init.Name(), r.Spec.Seed, r.Spec.LearningRate, r.Loss.Length, r.Spec.BatchSize,
                r.Loss[0], r.Train.Loss, r.Train.Accuracy, r.Test.Loss, r.Test.Accuracy, r.DivergedAtStep, r.Elapsed.TotalSeconds);
        yield return csv.Save(Path.Combine(outDir, "summary.csv"));

        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {setup.Model} ({setup.Architecture}): final losses\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Mean ± standard deviation over seeds {string.Join(", ", seeds)}. *Final train loss* is the cross-entropy over the whole training set after the last step.\n\n");
        foreach (var opt in optimizers)
        {
            var ofOpt = results.Where(r => r.Spec.Optimizer == opt).ToList();
            string name = opt == OptimizerKind.Adam ? "Adam" : "SGD";
            double lr = ofOpt[0].Spec.LearningRate;
            md.Append(CultureInfo.InvariantCulture, $"## {name} (lr {lr.ToString("G3", CultureInfo.InvariantCulture)}, {ofOpt.Max(r => r.Loss.Length)} steps)\n\n");
            md.Append("| init | first-step loss | final train loss | final train accuracy | test accuracy | diverged |\n|---|---:|---:|---:|---:|---:|\n");
            var table = new Table().Title($"{name}, lr {lr.ToString("G3", CultureInfo.InvariantCulture)}: mean ± sd over {seeds.Length} seed(s)")
                .AddColumns("init", "first-step loss", "final train loss", "train acc", "test acc", "diverged");
            foreach (var init in inits)
            {
                var runs = ofOpt.Where(r => r.Spec.Init == init).ToList();
                string first = Num(Stats.Mean(runs.Select(r => (double)r.Loss[0])));
                string final = MeanStd(runs.Select(r => r.Train.Loss));
                string trainAcc = Pct(runs.Select(r => r.Train.Accuracy));
                string testAcc = Pct(runs.Select(r => r.Test.Accuracy));
                string diverged = $"{runs.Count(r => r.Diverged)}/{runs.Count}";
                md.Append(CultureInfo.InvariantCulture, $"| {init.Label()} | {first} | {final} | {trainAcc} | {testAcc} | {diverged} |\n");
                table.AddRow(Markup.Escape(init.Label()), first, final, trainAcc, testAcc, diverged);
            }
            string verdict = Verdict(ofOpt, name);
            md.Append('\n').Append(verdict).Append("\n\n");
            console.Write(table);
            console.MarkupLine(Markup.Escape(verdict));
        }
        string path = Path.Combine(outDir, "summary.md");
        File.WriteAllText(path, md.ToString());
        yield return path;
    }

    /// <summary>Hyperfan-in against Xavier and Kaiming on the heads, in words, honestly either way.</summary>
    static string Verdict(List<RunResult> runs, string optimizer)
    {
        double Final(InitChoice i) => Stats.Mean(runs.Where(r => r.Spec.Init == i).Select(r => r.Diverged ? double.PositiveInfinity : r.Train.Loss));

        // Hyperfan-in with the expected V_e when it ran, else HyperGen's default (calibrated).
        var hyperfan = runs.Any(r => r.Spec.Init == InitChoice.HyperfanIn) ? InitChoice.HyperfanIn
            : runs.Any(r => r.Spec.Init == InitChoice.Calibrated) ? InitChoice.Calibrated : (InitChoice?)null;
        if (hyperfan is not { } reference)
            return $"{optimizer}: no hyperfan-in run, no verdict.";
        double fan = Final(reference);
        var parts = new List<string>();
        foreach (var other in new[] { InitChoice.Xavier, InitChoice.Kaiming })
        {
            if (!runs.Any(r => r.Spec.Init == other))
                continue;
            double o = Final(other);
            string relation = fan < o || (double.IsFinite(fan) && !double.IsFinite(o)) ? "lower than" : fan > o ? "HIGHER than" : "not comparable with";
            parts.Add($"{relation} {other.Label()} ({Num(o)})");
        }
        return parts.Count == 0
            ? $"{optimizer}: {reference.Label()} final train loss {Num(fan)}."
            : $"{optimizer}: {reference.Label()} final train loss {Num(fan)} is {string.Join(" and ", parts)} (means over seeds; a diverged run counts as ∞).";
    }

    static string MeanStd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Any(x => !double.IsFinite(x)))
            return $"{Num(Stats.Mean(v.Where(double.IsFinite)))} ({v.Count(x => !double.IsFinite(x))} not finite)";
        return v.Length == 1 ? Num(v[0]) : $"{Num(Stats.Mean(v))} ± {Num(Stats.Std(v))}";
    }

    static string Pct(IEnumerable<double> values) => Stats.Mean(values).ToString("P1", CultureInfo.InvariantCulture);

    static IEnumerable<string> WritePlots(string outDir, ComparisonSetup setup, List<RunResult> results, InitChoice[] inits, OptimizerKind[] optimizers,
        int[] seeds, IAnsiConsole console)
    {
        var written = new List<string>();
        foreach (var opt in optimizers)
        {
            var series = new List<Series>();
            int window = 1;
            foreach (var init in inits)
            {
                var runs = results.Where(r => r.Spec.Optimizer == opt && r.Spec.Init == init).ToList();
                int length = runs.Max(r => r.Loss.Length);
                window = Math.Max(1, length / 40);
                var mean = new double[length];
                for (int k = 0; k < length; k++)
                    mean[k] = Stats.Mean(runs.Where(r => k < r.Loss.Length && float.IsFinite(r.Loss[k])).Select(r => (double)r.Loss[k]));
                var smooth = Stats.MovingAverage(mean.Select(m => double.IsFinite(m) ? m : double.NaN).ToArray(), window);
                int diverged = runs.Count(r => r.Diverged);
                string label = init.Label() + (diverged > 0 ? $" (diverged in {diverged}/{runs.Count} seeds)" : "");
                series.Add(new Series(label, Enumerable.Range(1, length).Select(k => (double)k).ToArray(), smooth));
            }
            string name = opt == OptimizerKind.Adam ? "Adam" : "SGD";
            double lr = results.First(r => r.Spec.Optimizer == opt).Spec.LearningRate;
            written.Add(Charts.Lines(Path.Combine(outDir, $"loss-{name.ToLowerInvariant()}.png"),
                $"{setup.Model}, {name} (lr {lr.ToString("G3", CultureInfo.InvariantCulture)}): training loss, mean of {seeds.Length} seed(s)" + (window > 1 ? $", {window}-step average" : ""),
                "step", "cross-entropy (log scale)", series, logY: true, yMax: 1e5));
        }

        var first = results.Where(r => r.Spec.Optimizer == optimizers[0]).ToList();
        var tensors = first[0].Report.Select(r => r.Name).ToArray();
        // Each init against its own target: hyperfan-out and harmonic have theirs; Xavier and Kaiming are held to hyperfan-in's.
        var perInit = inits.Select(i =>
        {
            var runs = first.Where(r => r.Spec.Init == i).ToList();
            return (i.Label(),
                tensors.Select(t => runs[0].Report[t].TargetVariance).ToArray(),
                tensors.Select(t => Stats.GeometricMean(runs.Select(r => r.Report[t].RealisedVariance))).ToArray());
        }).ToList();
        written.Add(Charts.VarianceVsTarget(Path.Combine(outDir, "init-variance.png"),
            $"{setup.Model}: variance of the generated tensors at init vs target ({seeds.Length} seed(s))", tensors, perInit));
        console.MarkupLine("[bold]Plots:[/]");
        foreach (var f in written)
            console.MarkupLineInterpolated($"  [link]{f}[/]");
        return written;
    }
}
