using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using HyperGen.Samples.Cli;
using HyperGen.Samples.Models;
using HyperGen.Samples.Plotting;
using Spectre.Console;
using static HyperGen.Samples.Training.Comparison;

namespace HyperGen.Samples.Training;

/// <summary>Writes what a <see cref="Comparison"/> measured: init report, summary (CSV + Markdown), learning-rate sweep and plots.</summary>
sealed class ComparisonReport(ComparisonSetup setup, string dataSource, (long Train, long Validation, long Test) counts, ImageSettings settings, int steps,
    IReadOnlyList<RunResult> results, IReadOnlyList<SweepPoint> sweep, InitChoice[] inits, OptimizerKind[] optimizers, int[] seeds)
{
    /// <summary>The cross-entropy of a uniform guess over the 10 classes: the loss plots' reference line.</summary>
    static readonly double Chance = Math.Log(10);

    List<RunResult> RunsOf(OptimizerKind o, InitChoice i) => results.Where(r => r.Spec.Optimizer == o && r.Spec.Init == i).ToList();

    public IEnumerable<string> WriteInitReport(string outDir, IAnsiConsole console)
    {
        // The init does not depend on the optimiser: report the runs of the first one.
        var runs = results.Where(r => r.Spec.Optimizer == optimizers[0]).ToList();
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


    public IEnumerable<string> WriteSummary(string outDir, IAnsiConsole console, TimeSpan elapsed, long? peakResidentBytes)
    {
        var csv = new Csv("optimizer", "init", "seed", "learning_rate", "steps", "batch_size", "first_step_loss", "final_train_loss", "final_train_accuracy",
            "validation_loss", "test_loss", "test_accuracy", "diverged_at_step", "seconds");
        foreach (var r in results)
            csv.Row(r.Spec.Optimizer.ToString().ToLowerInvariant(), r.Spec.Init.Name(), r.Spec.Seed, r.Spec.LearningRate, r.Loss.Length, r.Spec.BatchSize,
                r.Loss[0], r.Train.Loss, r.Train.Accuracy, r.Validation.Loss, r.Test.Loss, r.Test.Accuracy, r.DivergedAtStep, r.Elapsed.TotalSeconds);
        yield return csv.Save(Path.Combine(outDir, "summary.csv"));
        if (sweep.Count > 0)
        {
            var sweepCsv = new Csv("optimizer", "init", "seed", "learning_rate", "validation_loss", "validation_accuracy", "diverged_at_step", "picked");
            foreach (var p in sweep)
                sweepCsv.Row(p.Optimizer.ToString().ToLowerInvariant(), p.Init.Name(), seeds[0], p.LearningRate, p.Validation.Loss, p.Validation.Accuracy,
                    p.DivergedAtStep, PickedRate(p.Optimizer, p.Init) == p.LearningRate ? 1 : 0);
            yield return sweepCsv.Save(Path.Combine(outDir, "lr-sweep.csv"));
        }

        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {setup.Model} ({setup.Architecture})\n\n");
        md.Append(CultureInfo.InvariantCulture, $"- Data: {dataSource}: {counts.Train:N0} training / {counts.Validation:N0} validation / {counts.Test:N0} test images.\n");
        md.Append(CultureInfo.InvariantCulture, $"- {steps} optimiser steps of {settings.BatchSize} images per run; seeds {string.Join(", ", seeds)}; inits {string.Join(", ", inits.Select(i => i.Name()))}.\n");
        foreach (var opt in optimizers)
        {
            var grid = settings.LearningRates(opt);
            md.Append(grid.Length > 1
                ? $"- {Name(opt)}: learning rate picked per init from {{{string.Join(", ", grid.Select(RunSpec.Rate))}}}" +
                  (settings.LearningRateExtension > 0 ? $", extended by up to {settings.LearningRateExtension} rates beyond an end of the grid while the pick sat there" : "") +
                  $": each rate trained seed {seeds[0]} for the full budget; the lowest validation loss won.\n"
                : $"- {Name(opt)}: learning rate {RunSpec.Rate(grid[0])} for every init.\n");
        }
        md.Append(CultureInfo.InvariantCulture, $"- *Final train loss*: cross-entropy over the whole training split after the last step; mean ± sd over seeds. A diverged run (loss NaN/∞) is counted, never averaged in.\n");
        md.Append(string.Create(CultureInfo.InvariantCulture, $"- {results.Count + sweep.Count(p => PickedRate(p.Optimizer, p.Init) != p.LearningRate)} runs, wall time {elapsed.TotalMinutes:F1} min"))
            .Append(peakResidentBytes is { } peak ? $", peak resident memory (VmHWM) {PeakMemory.Format(peak)}" : "").Append(".\n\n");

        foreach (var opt in optimizers)
        {
            string name = Name(opt);
            md.Append(CultureInfo.InvariantCulture, $"## {name}\n\n");
            md.Append("| init | learning rate | first-step loss | final train loss | test loss | test accuracy | diverged |\n|---|---:|---:|---:|---:|---:|---:|\n");
            var table = new Table().Title($"{name}: mean ± sd over {seeds.Length} seed(s)")
                .AddColumns("init", "lr", "first-step loss", "final train loss", "test acc", "diverged");
            foreach (var init in inits)
            {
                var runs = RunsOf(opt, init);
                string lr = RunSpec.Rate(runs[0].Spec.LearningRate);
                string first = Num(Stats.Mean(runs.Select(r => (double)r.Loss[0])));
                string final = MeanStd(runs.Select(r => r.Diverged ? double.NaN : r.Train.Loss));
                string testLoss = MeanStd(runs.Select(r => r.Diverged ? double.NaN : r.Test.Loss));
                string testAcc = PercentMeanStd(runs.Select(r => r.Test.Accuracy));
                string diverged = $"{runs.Count(r => r.Diverged)}/{runs.Count}";
                md.Append(CultureInfo.InvariantCulture, $"| {init.Label()} | {lr} | {first} | {final} | {testLoss} | {testAcc} | {diverged} |\n");
                table.AddRow(Markup.Escape(init.Label()), lr, first, final, testAcc, diverged);
            }
            string verdict = Verdict(opt);
            md.Append('\n').Append(verdict).Append("\n\n");
            console.Write(table);
            console.MarkupLine(Markup.Escape(verdict));

            md.Append("Final train loss per seed:\n\n| init | ").AppendJoin(" | ", seeds.Select(s => $"seed {s}")).Append(" |\n|---|")
                .Append(string.Concat(Enumerable.Repeat("---:|", seeds.Length))).Append('\n');
            foreach (var init in inits)
            {
                var runs = RunsOf(opt, init);
                md.Append("| ").Append(init.Label()).Append(" | ")
                    .AppendJoin(" | ", runs.Select(r => r.Diverged ? $"diverged at step {(r.DivergedAtStep > 0 ? r.DivergedAtStep : r.Loss.Length)}" : Num(r.Train.Loss))).Append(" |\n");
            }
            md.Append('\n');

            if (sweep.Any(p => p.Optimizer == opt))
            {
                // Every rate some init tried: the grid plus the extensions beyond its ends.
                var grid = sweep.Where(p => p.Optimizer == opt).Select(p => p.LearningRate).Distinct().Order().ToArray();
                md.Append(CultureInfo.InvariantCulture, $"Validation loss after the full budget per learning rate (seed {seeds[0]}; **bold**: picked; ∞: diverged; ·: not tried):\n\n| init | ")
                    .AppendJoin(" | ", grid.Select(RunSpec.Rate)).Append(" |\n|---|").Append(string.Concat(Enumerable.Repeat("---:|", grid.Length))).Append('\n');
                foreach (var init in inits)
                {
                    md.Append("| ").Append(init.Label());
                    foreach (double lr in grid)
                    {
                        var p = sweep.SingleOrDefault(x => x.Optimizer == opt && x.Init == init && x.LearningRate == lr);
                        string cell = p is null ? "·" : p.Diverged ? "∞" : Num(p.Validation.Loss);
                        md.Append(" | ").Append(PickedRate(opt, init) == lr ? $"**{cell}**" : cell);
                    }
                    md.Append(" |\n");
                }
                // A pick still at an end of the rates tried says the best rate may lie beyond them: say so rather than imply it was bracketed.
                var edge = inits.Where(i =>
                {
                    var rates = sweep.Where(p => p.Optimizer == opt && p.Init == i).Select(p => p.LearningRate).ToList();
                    return sweep.Any(p => p.Optimizer == opt && p.Init == i && !p.Diverged) && (PickedRate(opt, i) == rates.Min() || PickedRate(opt, i) == rates.Max());
                }).ToList();
                if (edge.Count > 0)
                    md.Append("\nPicked at an end of the rates tried, so the best rate may lie beyond them: ")
                        .AppendJoin(", ", edge.Select(i => $"{i.Label()} ({RunSpec.Rate(PickedRate(opt, i))})")).Append(".\n");
                md.Append('\n');
            }
            md.Append(CultureInfo.InvariantCulture, $"![training loss, {name}](loss-{name.ToLowerInvariant()}.png)\n\n");
        }
        md.Append("## Generated-tensor variance at init\n\nRealised / target variance per generated tensor: [init-report.md](init-report.md).\n\n![variance at init](init-variance.png)\n");
        string path = Path.Combine(outDir, "summary.md");
        File.WriteAllText(path, md.ToString());
        yield return path;
    }

    double PickedRate(OptimizerKind o, InitChoice i) => RunsOf(o, i)[0].Spec.LearningRate;

    /// <summary>Hyperfan-in against Xavier and Kaiming on the heads, in words, honestly either way.</summary>
    string Verdict(OptimizerKind opt)
    {
        double Final(RunResult r) => r.Diverged ? double.PositiveInfinity : r.Train.Loss;
        // Hyperfan-in with the expected V_e when it ran, else HyperGen's default (calibrated).
        var hyperfan = inits.Contains(InitChoice.HyperfanIn) ? InitChoice.HyperfanIn : inits.Contains(InitChoice.Calibrated) ? InitChoice.Calibrated : (InitChoice?)null;
        if (hyperfan is not { } reference)
            return $"{Name(opt)}: no hyperfan-in run, no verdict.";
        var mine = RunsOf(opt, reference);
        var parts = new List<string>();
        foreach (var other in new[] { InitChoice.Xavier, InitChoice.Kaiming }.Where(inits.Contains))
        {
            var theirs = RunsOf(opt, other);
            int lower = mine.Zip(theirs).Count(p => Final(p.First) < Final(p.Second));
            double a = Stats.Mean(mine.Select(Final)), b = Stats.Mean(theirs.Select(Final));
            string relation = a < b ? "lower than" : a > b ? "HIGHER than" : "equal to";
            parts.Add($"{relation} with {other.Label()} ({Describe(theirs)}; lower in {lower} of {mine.Count} seeds)");
        }
        return parts.Count == 0
            ? $"{Name(opt)}: final train loss with {reference.Label()} {Describe(mine)}."
            : $"{Name(opt)}: the final train loss with {reference.Label()}, {Describe(mine)}, is {string.Join(", and ", parts)}.";

        static string Describe(List<RunResult> runs)
        {
            int diverged = runs.Count(r => r.Diverged);
            return diverged == runs.Count ? "diverged in every seed"
                : MeanStd(runs.Where(r => !r.Diverged).Select(r => r.Train.Loss)) + (diverged > 0 ? $" (and {diverged} diverged seed(s))" : "");
        }
    }

    /// <summary>Mean ± sd of the finite values, and how many were not finite (a diverged run is never averaged in).</summary>
    static string MeanStd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var finite = v.Where(double.IsFinite).ToArray();
        string notFinite = finite.Length < v.Length ? $"{v.Length - finite.Length} diverged" : "";
        if (finite.Length == 0)
            return notFinite;
        string core = finite.Length == 1 ? Num(finite[0]) : $"{Num(Stats.Mean(finite))} ± {Num(Stats.Std(finite))}";
        return notFinite.Length > 0 ? $"{core} ({notFinite})" : core;
    }

    static string PercentMeanStd(IEnumerable<double> values)
    {
        var v = values.ToArray();
        string mean = (Stats.Mean(v) * 100).ToString("F1", CultureInfo.InvariantCulture);
        return v.Length == 1 ? mean + " %" : $"{mean} ± {(Stats.Std(v) * 100).ToString("F1", CultureInfo.InvariantCulture)} %";
    }

    public IEnumerable<string> WritePlots(string outDir, IAnsiConsole console)
    {
        var written = new List<string>();
        int window = Math.Max(1, steps / 30);
        foreach (var opt in optimizers)
        {
            var curves = inits.Select(init =>
            {
                var runs = RunsOf(opt, init);
                return new SeedCurves($"{init.Label()} (lr {RunSpec.Rate(runs[0].Spec.LearningRate)})",
                    runs.Select(r => new SeedCurve(r.Spec.Seed, r.Loss, r.DivergedAtStep)).ToList());
            }).ToList();
            string name = Name(opt);
            written.Add(Charts.LossBands(Path.Combine(outDir, $"loss-{name.ToLowerInvariant()}.png"),
                $"{setup.Model}, {name}: training loss, mean and min–max over {seeds.Length} seed(s)",
                window > 1 ? $"batch cross-entropy ({window}-step moving average)" : "batch cross-entropy",
                curves, steps, yTop: 1.25 * Chance, reference: (Chance, "ln 10: a uniform guess"), window));
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
