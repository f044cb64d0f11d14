using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using HyperGen.Samples.Models;
using HyperGen.Samples.Plotting;
using HyperGen.Samples.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Samples.Regression;

/// <summary>Settings of the Bayesian sample.</summary>
public sealed record BayesOptions(int Steps, double LearningRate, int DrawsPerStep, int Samples, int Points, double PriorWeight,
    int[] Seeds, string OutputFolder, Device Device, string? TensorBoard = null);

/// <summary>One seed's result.</summary>
/// <param name="Seed">Seed.</param>
/// <param name="Loss">Training loss per step.</param>
/// <param name="GridX">Where the predictive was evaluated.</param>
/// <param name="Mean">Predictive mean over sampled weights.</param>
/// <param name="Std">Predictive standard deviation over sampled weights (epistemic; the data noise is not added).</param>
/// <param name="Data">Training points.</param>
/// <param name="Report">Init report, realised variance over 256 sampled mainnets.</param>
public sealed record BayesRun(int Seed, float[] Loss, double[] GridX, double[] Mean, double[] Std, (double[] X, double[] Y) Data, InitReport Report)
{
    /// <summary>Mean predictive std inside the gap (|x| &lt; gap).</summary>
    public double GapStd => Average(x => Math.Abs(x) < Tasks.BayesGap);
    /// <summary>Mean predictive std where the data are (gap ≤ |x| ≤ domain).</summary>
    public double DataStd => Average(x => Math.Abs(x) >= Tasks.BayesGap && Math.Abs(x) <= Tasks.BayesDomain);
    /// <summary>Root mean squared error of the predictive mean against the true function where the data are.</summary>
    public double DataRmse => Math.Sqrt(GridX.Select((x, i) => (x, i)).Where(p => Math.Abs(p.x) >= Tasks.BayesGap && Math.Abs(p.x) <= Tasks.BayesDomain)
        .Average(p => Math.Pow(Mean[p.i] - Tasks.BayesFunction(p.x), 2)));

    double Average(Func<double, bool> where) => GridX.Select((x, i) => (x, i)).Where(p => where(p.x)).Average(p => Std[p.i]);
}

/// <summary>
/// An implicit weight distribution: the generated noise-conditioned <see cref="BayesHypernet"/> maps every draw of
/// <c>z ~ N(0, I₈)</c> to a full set of mainnet weights. Trained as a continuum of anchored ensemble members (randomised
/// MAP sampling, Pearce et al. 2020): each draw z fits the data while a penalty ties its weights to what a frozen copy
/// of the initial hypernet generates for the same z — a draw from the prior that hyperfan init puts at the scale the
/// mainnet needs. Where there are data the draws should agree and in the gap keep their prior spread; in practice they
/// keep only a little of it (docs/results.md).
/// </summary>
public static class BayesSample
{
    /// <summary>The mainnet: 1 → 50 → 50 → 1, ReLU.</summary>
    public const string Mainnet = "1-50-50-1";

    /// <summary>Runs every seed, writes CSVs and the plot, prints a table.</summary>
    public static IReadOnlyList<BayesRun> Run(BayesOptions o, IAnsiConsole console, List<string> files)
    {
        Directory.CreateDirectory(o.OutputFolder);
        console.MarkupLine(Markup.Escape($"y = sin x + 0.1·x + N(0, {Tasks.BayesNoise.ToString(CultureInfo.InvariantCulture)}²) at {o.Points} points on [−4, −2] ∪ [2, 4]; " +
            $"mainnet {Mainnet} ReLU; hypernet input z ~ N(0, I_{BayesHypernet.NoiseSize}); {o.Steps} Adam steps (lr {o.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}), {o.DrawsPerStep} draws of z per step."));
        var runs = new List<BayesRun>();
        foreach (int seed in o.Seeds)
        {
            var r = Train(o, seed);
            runs.Add(r);
            console.WriteLine((
                $"seed {seed}: predictive std {r.GapStd:G3} in the gap vs {r.DataStd:G3} on the data ({r.GapStd / r.DataStd:F1}×); RMSE of the mean on the data {r.DataRmse:G3}; final loss {r.Loss[^1]:G4}"));
        }

        var summary = new Csv("seed", "gap_std", "data_std", "gap_over_data", "data_rmse", "final_loss");
        foreach (var r in runs)
            summary.Row(r.Seed, r.GapStd, r.DataStd, r.GapStd / r.DataStd, r.DataRmse, r.Loss[^1]);
        files.Add(summary.Save(Path.Combine(o.OutputFolder, "bayes-summary.csv")));
        var predictive = new Csv("seed", "x", "mean", "std", "truth");
        foreach (var r in runs)
            for (int i = 0; i < r.GridX.Length; i++)
                predictive.Row(r.Seed, r.GridX[i], r.Mean[i], r.Std[i], Tasks.BayesFunction(r.GridX[i]));
        files.Add(predictive.Save(Path.Combine(o.OutputFolder, "bayes-predictive.csv")));
        var loss = new Csv("seed", "step", "loss");
        foreach (var r in runs)
            for (int s = 0; s < r.Loss.Length; s++)
                loss.Row(r.Seed, s + 1, r.Loss[s]);
        files.Add(loss.Save(Path.Combine(o.OutputFolder, "bayes-loss.csv")));
        File.WriteAllText(Path.Combine(o.OutputFolder, "init-report.md"), runs[0].Report.ToMarkdown());
        files.Add(Path.Combine(o.OutputFolder, "init-report.md"));

        var table = new Table().Title($"Predictive spread from {o.Samples} sampled weight sets").AddColumns("seed", "std in the gap", "std on the data", "ratio", "RMSE of the mean on the data");
        foreach (var r in runs)
            table.AddRow(r.Seed.ToString(CultureInfo.InvariantCulture), r.GapStd.ToString("G3", CultureInfo.InvariantCulture), r.DataStd.ToString("G3", CultureInfo.InvariantCulture),
                (r.GapStd / r.DataStd).ToString("F1", CultureInfo.InvariantCulture) + "×", r.DataRmse.ToString("G3", CultureInfo.InvariantCulture));
        console.Write(table);
        console.Write(new Text(runs[0].Report.ToString()));

        var first = runs[0];
        var truthX = Tasks.Grid(first.GridX[0], first.GridX[^1], 200);
        var gap = new Shade(-Tasks.BayesGap, Tasks.BayesGap, "the gap: no training data");
        string plot = Charts.Regression(Path.Combine(o.OutputFolder, "bayes.png"),
            $"Noise-conditioned hypernet: predictive mean ± 2 std of {o.Samples} sampled mainnets (seed {first.Seed})",
            [("training data", first.Data.X, first.Data.Y)],
            [("predictive mean", first.GridX, first.Mean, first.Mean.Zip(first.Std, (m, s) => m - 2 * s).ToArray(), first.Mean.Zip(first.Std, (m, s) => m + 2 * s).ToArray()),
             ("true function", truthX, truthX.Select(Tasks.BayesFunction).ToArray(), null, null)],
            legend: ScottPlot.Alignment.LowerRight, shade: gap);
        files.Add(plot);
        // The claim itself, per seed: the predictive std along x, the gap shaded.
        string spread = Charts.Lines(Path.Combine(o.OutputFolder, "bayes-std.png"),
            $"Predictive std of {o.Samples} sampled mainnets along x, every seed",
            "x", "predictive std",
            runs.Select(r => new Series($"seed {r.Seed}: mean std {r.GapStd:G2} in the gap, {r.DataStd:G2} on the data ({r.GapStd / r.DataStd:F1}×)", r.GridX, r.Std)).ToList(),
            logY: false, shade: gap, yFromZero: true, legend: ScottPlot.Alignment.UpperCenter);
        files.Add(spread);
        files.Add(WriteSummary(o, runs));
        console.MarkupLine("[bold]Plots:[/]");
        console.MarkupLineInterpolated($"  [link]{plot}[/]");
        console.MarkupLineInterpolated($"  [link]{spread}[/]");
        return runs;
    }

    /// <summary>summary.md: the per-seed spread table and, in words computed from it, whether the gap's spread is wider.</summary>
    static string WriteSummary(BayesOptions o, IReadOnlyList<BayesRun> runs)
    {
        var md = new StringBuilder();
        string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
        md.Append(CultureInfo.InvariantCulture, $"{o.Steps} Adam steps (lr {F(o.LearningRate)}), {o.DrawsPerStep} draws of z per step, {o.Points} training points, prior weight {F(o.PriorWeight)}; ")
            .Append(CultureInfo.InvariantCulture, $"predictive mean and std from {o.Samples} sampled mainnets; seeds {string.Join(", ", runs.Select(r => r.Seed))}.\n\n");
        md.Append("| seed | predictive std in the gap | on the data | ratio | RMSE of the mean on the data | final loss |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var r in runs)
            md.Append(CultureInfo.InvariantCulture, $"| {r.Seed} | {F(r.GapStd)} | {F(r.DataStd)} | {(r.GapStd / r.DataStd).ToString("F2", CultureInfo.InvariantCulture)}× | {F(r.DataRmse)} | {F(r.Loss[^1])} |\n");
        int wider = runs.Count(r => r.GapStd > r.DataStd);
        var ratios = runs.Select(r => r.GapStd / r.DataStd).ToArray();
        md.Append(CultureInfo.InvariantCulture, $"\nThe predictive std is larger in the gap than on the data in {wider} of {runs.Count} seeds ")
            .Append(CultureInfo.InvariantCulture, $"(ratio {ratios.Min().ToString("F2", CultureInfo.InvariantCulture)}× to {ratios.Max().ToString("F2", CultureInfo.InvariantCulture)}×).\n\n");
        md.Append("![predictive mean and band](bayes.png)\n\n![predictive std along x](bayes-std.png)\n");
        string path = Path.Combine(o.OutputFolder, "summary.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>Trains one seed's noise-conditioned hypernet and samples its predictive.</summary>
    public static BayesRun Train(BayesOptions o, int seed)
    {
        var random = new Random(seed);
        var raw = Tasks.WithGap(o.Points, random);
        double scale = Tasks.InputScale(Tasks.BayesDomain);
        using var data = new RegressionData(raw.X, raw.Y, scale, o.Device);
        var gridX = Tasks.Grid(-6, 6, 241);
        using var grid = new RegressionData(gridX, gridX.Select(Tasks.BayesFunction).ToArray(), scale, o.Device);

        // The anchor is a frozen copy of the hypernet at init: anchor.GenerateWeights(z) is a draw from the hyperfan
        // prior for every z.
        manual_seed(seed);
        using var model = new BayesHypernet();
        using var anchor = new BayesHypernet();
        anchor.load_state_dict(model.state_dict());
        model.to(o.Device);
        anchor.to(o.Device);
        foreach (var p in anchor.parameters())
            p.requires_grad = false;
        var report = model.InitReport();
        // Per generated tensor (Targets order, as Weights.Named() yields them), 1 / (2·σ_p²) with the prior variance
        // σ_p² = the hyperfan target.
        var precision = BayesHypernet.Targets.All.Select(t => 1.0 / (2.0 * t.TargetVariance(HyperGen.HyperfanMode.In))).ToArray();
        double noisePrecision = 1.0 / (2.0 * Tasks.BayesNoise * Tasks.BayesNoise);
        long n = raw.X.Length;

        using var optimizer = optim.Adam(model.parameters(), lr: o.LearningRate);
        var log = TensorBoardLog.For(o.TensorBoard, $"seed{seed}");
        var losses = new float[o.Steps];
        for (int s = 0; s < o.Steps; s++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var z = randn(o.DrawsPerStep, BayesHypernet.NoiseSize, device: o.Device);
            var weights = model.GenerateWeights(z);                                             // a leading dim of K draws
            var prediction = BayesHypernet.MainnetBatched(HypernetParts.Replicate(data.Inputs, o.DrawsPerStep), weights);  // [K, N, 1]
            var fit = prediction.sub(data.Targets.unsqueeze(0)).square().sum().mul(noisePrecision);  // Σ_k Σ_n (y − f)² / (2σ²)
            // Σ over tensors of ‖θ(z) − θ_anchor(z)‖² / (2σ_p²); the anchor's parameters are frozen.
            Tensor prior = zeros(1, device: o.Device);
            int i = 0;
            foreach (var (generated, anchored) in weights.Named().Zip(anchor.GenerateWeights(z).Named()))
                prior = prior.add(generated.Value.sub(anchored.Value).square().sum().mul(precision[i++]));
            var loss = fit.add(prior.mul(o.PriorWeight)).div(o.DrawsPerStep * n);
            losses[s] = loss.item<float>();
            log?.Scalar("train/loss", losses[s], s + 1);
            loss.backward();
            optimizer.step();
        }

        var mean = new double[gridX.Length];
        var std = new double[gridX.Length];
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var prediction = model.Ensemble(grid.Inputs, o.Samples).squeeze(-1);  // [S, G]: S sampled mainnets in one batched pass
            var m = prediction.mean([0]).cpu().data<float>().ToArray();
            var sd = prediction.std(0).cpu().data<float>().ToArray();
            for (int i = 0; i < gridX.Length; i++)
            {
                mean[i] = m[i];
                std[i] = sd[i];
            }
        }
        return new BayesRun(seed, losses, gridX, mean, std, raw, report);
    }
}
