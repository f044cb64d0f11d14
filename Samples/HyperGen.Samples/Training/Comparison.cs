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
/// <param name="InputRows">Image height the mainnet takes.</param>
/// <param name="InputCols">Image width the mainnet takes.</param>
public sealed record ComparisonSetup(string Model, string Architecture, Func<IComparableHypernet> Create, long[] ImageShape, int InputRows, int InputCols)
{
    /// <summary>Stops before any training when the data's images are not the size the mainnet takes.</summary>
    /// <exception cref="SampleException">The images are another size; the message names both.</exception>
    public void CheckInput(ImageData data)
    {
        if (data.Train.Rows != InputRows || data.Train.Cols != InputCols)
            throw new SampleException($"{Model}'s mainnet takes {InputRows}×{InputCols} images ({InputRows * InputCols} pixels), but the images in {data.Source} are " +
                $"{data.Train.Rows}×{data.Train.Cols} ({data.Train.Rows * data.Train.Cols} pixels). Pass --data with a folder of {InputRows}×{InputCols} MNIST-format images.");
    }
}

/// <summary>One point of a learning-rate sweep: the first seed trained at one rate, scored on the validation split.</summary>
public sealed record SweepPoint(OptimizerKind Optimizer, InitChoice Init, double LearningRate, Evaluation Validation, int DivergedAtStep)
{
    /// <summary>Whether the run diverged (its validation loss counts as ∞).</summary>
    public bool Diverged => DivergedAtStep > 0 || !double.IsFinite(Validation.Loss);

    /// <summary>What the sweep minimises: the validation loss, ∞ for a diverged run.</summary>
    public double Score => Diverged ? double.PositiveInfinity : Validation.Loss;
}

/// <summary>What a comparison wrote and measured.</summary>
/// <param name="Runs">The reported runs: every init × optimiser × seed at its picked learning rate.</param>
/// <param name="Sweep">Every learning rate tried per init and optimiser on the first seed (empty when each grid has one rate).</param>
/// <param name="Files">Every file written.</param>
/// <param name="OutputFolder">Where.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="PeakResidentBytes">The process's peak resident memory at the end (null where /proc is not available).</param>
public sealed record ComparisonOutcome(IReadOnlyList<RunResult> Runs, IReadOnlyList<SweepPoint> Sweep, IReadOnlyList<string> Files, string OutputFolder,
    TimeSpan Elapsed, long? PeakResidentBytes)
{
    /// <summary>
    /// 0, or <see cref="SamplesApp.Failure"/> with a message when every run diverged: then nothing was compared, and a
    /// table of NaN must not pass for a result (a single init diverging, e.g. Kaiming on the heads with SGD, is a finding, not a failure).
    /// </summary>
    public int ExitCode(IAnsiConsole console)
    {
        if (Runs.Any(r => !r.Diverged))
            return 0;
        console.MarkupLine($"[red]error:[/] {Markup.Escape($"every run diverged (loss NaN or ∞), so nothing was compared; the files in {OutputFolder} show where. Check the data and lower the learning rates.")}");
        return SamplesApp.Failure;
    }
}

/// <summary>
/// Trains one generated hypernet with every requested head init × optimiser × seed, and writes per-run CSVs,
/// the init report, a summary and the plots. With several learning rates per optimiser each init picks its own:
/// every rate trains the first seed for the full budget, the lowest validation loss wins (the same grid and budget
/// for every init; the test split is never looked at), and the other seeds run at that rate. A pick at an end of the
/// grid goes on beyond that end (<c>--lr-extend</c>), so an init whose best rate lies outside the grid is not held
/// back by it. The first seed's run at the picked rate is the sweep's own run, reused.
/// </summary>
public static class Comparison
{
    /// <summary>Runs the comparison and reports to <paramref name="console"/>.</summary>
    /// <exception cref="SampleException">The data or an option does not fit (checked before any training).</exception>
    public static ComparisonOutcome Run(ComparisonSetup setup, ImageSettings settings, IAnsiConsole console)
    {
        var clock = Stopwatch.StartNew();
        var device = settings.ResolveDevice();
        string outDir = settings.OutputFolder;
        using var data = ImageData.Load(settings.Data, device, settings.Validation);
        setup.CheckInput(data);
        if (settings.BatchSize > data.Train.Count)
            throw new SampleException($"--batch-size {settings.BatchSize} is larger than the training split ({data.Train.Count:N0} images after holding out " +
                $"{data.Validation.Count:N0} for validation); use at most {data.Train.Count}.");
        int steps = settings.StepsFor(data.Train.Count);
        Directory.CreateDirectory(outDir);
        console.MarkupLine(Markup.Escape($"{setup.Model} ({setup.Architecture}) on {data.Source}: {data.Train.Count:N0} training / {data.Validation.Count:N0} validation / " +
            $"{data.Test.Count:N0} test images, pixels standardised with the training split's mean {data.PixelMean:F4} and std {data.PixelStd:F4} (E[x²] = 1 at the input)."));

        var inits = settings.InitList;
        var optimizers = settings.OptimizerList;
        var seeds = settings.SeedList;
        var plan = optimizers.SelectMany(o => inits.Select(i => (Optimizer: o, Init: i, Rates: settings.LearningRates(o)))).ToList();
        int runCount = plan.Sum(p => p.Rates.Length > 1 ? p.Rates.Length + seeds.Length - 1 : seeds.Length);
        console.MarkupLine(Markup.Escape($"{seeds.Length} seed(s) × {inits.Length} inits × {optimizers.Length} optimiser(s), {steps} steps of {settings.BatchSize} each; " +
            string.Join("; ", optimizers.Select(o => $"{Name(o)} lr {string.Join(", ", settings.LearningRates(o).Select(RunSpec.Rate))}")) +
            (plan.Any(p => p.Rates.Length > 1) ? $" (picked per init on the validation split with seed {seeds[0]})" : "") +
            $": {runCount} runs on {device.type.ToString().ToLowerInvariant()}."));

        var files = new List<string>();
        var results = new List<RunResult>();
        var sweep = new List<SweepPoint>();
        int done = 0;
        RunResult Train(RunSpec spec, Action<int, int>? progress)
        {
            var log = TensorBoardLog.For(settings.TensorBoardFolder, spec.Stem);
            var r = ImageTraining.Run(setup.Create, setup.ImageShape, data, spec, device, log, progress);
            var csv = new Csv("step", "loss", "accuracy");
            for (int k = 0; k < r.Loss.Length; k++)
                csv.Row(k + 1, r.Loss[k], r.Accuracy[k]);
            files.Add(csv.Save(Path.Combine(outDir, "runs", spec.Stem + ".csv")));
            done++;
            ReleaseNativeMemory();
            return r;
        }

        // extended: one more run than planned, of this many steps (the sweep went beyond a grid's end).
        void RunAll(Func<RunSpec, string, RunResult> train, Action<int> extended)
        {
            foreach (var (optimizer, init, rates) in plan)
            {
                double rate = rates[0];
                RunResult? first = null;
                if (rates.Length > 1)
                {
                    var tried = new List<RunResult>();
                    void Try(double lr)
                    {
                        var r = train(new RunSpec(init, optimizer, lr, seeds[0], steps, settings.BatchSize), "sweep");
                        tried.Add(r);
                        sweep.Add(new SweepPoint(optimizer, init, lr, r.Validation, r.DivergedAtStep));
                    }
                    foreach (double lr in rates)
                        Try(lr);
                    rate = Pick(sweep.Where(p => p.Optimizer == optimizer && p.Init == init).ToList());
                    // A pick at an end of the grid says the best rate may lie beyond it: look there, one rate at a time.
                    for (int extra = 0; extra < settings.LearningRateExtension; extra++)
                    {
                        var sorted = tried.Select(r => r.Spec.LearningRate).Order().ToArray();
                        double? next = rate == sorted[^1] ? Beyond(sorted[^1], sorted[^2]) : rate == sorted[0] ? Beyond(sorted[0], sorted[1]) : null;
                        if (next is not { } lr || lr > ImageSettings.MaxLearningRate)
                            break;
                        extended(steps);
                        Try(lr);
                        rate = Pick(sweep.Where(p => p.Optimizer == optimizer && p.Init == init).ToList());
                    }
                    first = tried.Single(r => r.Spec.LearningRate == rate);
                }
                foreach (int seed in seeds)
                    results.Add(seed == seeds[0] && first is not null ? first : train(new RunSpec(init, optimizer, rate, seed, steps, settings.BatchSize), "run"));
            }
        }

        if (console.Profile.Capabilities.Interactive)
        {
            console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var all = ctx.AddTask("all runs", maxValue: (double)runCount * steps);
                    RunAll((spec, kind) =>
                    {
                        var task = ctx.AddTask(Markup.Escape($"{kind} {Describe(spec)}"), maxValue: steps);
                        double before = all.Value;
                        var r = Train(spec, (k, _) => { task.Value = k; all.Value = before + k; });
                        task.Value = task.MaxValue;
                        all.Value = before + steps;
                        task.Description = Markup.Escape($"{kind} {Describe(spec)}: train loss {Num(r.Train.Loss)}, validation loss {Num(r.Validation.Loss)}") +
                            (r.Diverged ? " [red]diverged[/]" : "");
                        return r;
                    }, extra => all.MaxValue += extra);
                });
        }
        else
        {
            RunAll((spec, kind) =>
            {
                var r = Train(spec, null);
                console.WriteLine((
                    $"[{done}/{runCount}] {kind} {Describe(spec)}: first-step loss {Num(r.Loss[0])}, final train loss {Num(r.Train.Loss)}, validation loss {Num(r.Validation.Loss)}, " +
                    $"test accuracy {r.Test.Accuracy:P1}" +
                    $"{(r.DivergedAtStep > 0 ? $", diverged at step {r.DivergedAtStep}" : r.Diverged ? ", diverged (final loss not finite)" : "")} ({r.Elapsed.TotalSeconds:F1} s)"));
                return r;
            }, _ => runCount++);
        }

        var report = new ComparisonReport(setup, data.Source, (data.Train.Count, data.Validation.Count, data.Test.Count), settings, steps, results, sweep, inits, optimizers, seeds);
        files.AddRange(report.WriteInitReport(outDir, console));
        files.AddRange(report.WritePlots(outDir, console));
        long? peak = PeakMemory.ResidentBytes();
        files.AddRange(report.WriteSummary(outDir, console, clock.Elapsed, peak));
        console.MarkupLine(Markup.Escape($"Wrote {files.Count} files to {outDir} in {clock.Elapsed.TotalMinutes:F1} min" +
            (peak is { } p ? $"; peak resident memory {PeakMemory.Format(p)}." : ".")));
        return new ComparisonOutcome(results, sweep, files, outDir, clock.Elapsed, peak);
    }

    /// <summary>
    /// The learning rate a sweep picks: the lowest validation loss among the runs that did not diverge; when every
    /// rate diverged, the smallest rate. Only the validation split decides; the test split is never looked at.
    /// </summary>
    public static double Pick(IReadOnlyList<SweepPoint> tried)
    {
        if (tried.Count == 0)
            throw new ArgumentException("A sweep needs at least one learning rate.", nameof(tried));
        var finite = tried.Where(p => !p.Diverged).ToList();
        return finite.Count > 0 ? finite.MinBy(p => p.Score)!.LearningRate : tried.Min(p => p.LearningRate);
    }

    /// <summary>
    /// The next learning rate beyond <paramref name="end"/>, the grid's last rate on one side, continuing the spacing from
    /// <paramref name="neighbour"/> (the rate next to it): on a 1-3 grid (1e-4, 3e-4, 1e-3…) the next value of that
    /// series, otherwise the same ratio again, to three significant digits.
    /// </summary>
    public static double Beyond(double end, double neighbour)
    {
        if (OnOneThreeSeries(end) && OnOneThreeSeries(neighbour))
        {
            double decade = Decade(end);
            bool one = end / decade < 2;
            return Round(end > neighbour ? (one ? 3 * decade : 10 * decade) : (one ? 0.3 * decade : decade));
        }
        return Round(end * (end / neighbour));

        static double Decade(double rate) => Math.Pow(10, Math.Floor(Math.Log10(rate) + 1e-9));
        static bool OnOneThreeSeries(double rate) => Math.Abs(rate / Decade(rate) - 1) < 1e-6 || Math.Abs(rate / Decade(rate) - 3) < 1e-6;
        static double Round(double rate) => double.Parse(rate.ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Frees the native memory of every tensor a finished run left to the finaliser (TorchSharp's optimisers do not
    /// dispose their state tensors): the managed heap is tiny, so without this the GC seldom runs, and hundreds of
    /// megabytes of libtorch memory per run wait for it while the next run allocates its own.
    /// </summary>
    static void ReleaseNativeMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    internal static string Name(OptimizerKind o) => o == OptimizerKind.Adam ? "Adam" : "SGD";

    static string Describe(RunSpec s) => $"{s.Optimizer.ToString().ToLowerInvariant()} · {s.Init.Name()} · lr {RunSpec.Rate(s.LearningRate)} · seed {s.Seed}";

    internal static string Num(double v) => double.IsFinite(v) ? v.ToString(Math.Abs(v) >= 1e4 ? "0.##e0" : "0.####", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

    internal static string Ratio(double r) => !double.IsFinite(r) ? "n/a" : r >= 100 || r < 0.01
        ? r.ToString("0.0e0", CultureInfo.InvariantCulture)
        : r.ToString("0.000", CultureInfo.InvariantCulture);
}
