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
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Samples.Regression;

/// <summary>Settings of one continual-learning experiment.</summary>
public sealed record ContinualOptions(int Tasks, int StepsPerTask, double LearningRate, double Beta, int Points, int[] Seeds, string OutputFolder, Device Device,
    string? TensorBoard = null);

/// <summary>One seed's run, with or without the output regulariser.</summary>
/// <param name="Seed">Seed.</param>
/// <param name="Beta">Regulariser strength (0: none, plain sequential fine-tuning).</param>
/// <param name="Mse">Mse[t][k]: MSE on task k against its noise-free function on [c_k − 1, c_k + 1], right after training task t; NaN for k &gt; t.</param>
/// <param name="Loss">Training loss per step, per task.</param>
/// <param name="FitX">Per task, the x grid of its fit.</param>
/// <param name="Fit">Per task, the mainnet's prediction on that grid after the last task.</param>
/// <param name="Data">Per task, its training points.</param>
/// <param name="Report">Init report at init, realised over every task's generated mainnet.</param>
public sealed record ContinualRun(int Seed, double Beta, double[][] Mse, float[][] Loss, double[][] FitX, double[][] Fit, (double[] X, double[] Y)[] Data, InitReport Report);

/// <summary>
/// Continual learning of 1-D regression tasks with a task-conditioned hypernet (von Oswald, Henning, Sacramento and
/// Grewe, <i>Continual learning with hypernetworks</i>, ICLR 2020): task t has a learned embedding e_t; while learning
/// task t the loss adds <c>β/(t−1)·Σ_{k&lt;t} ‖f_h(e_k) − f_h*(e_k)‖²</c>, which keeps the weights generated for earlier
/// tasks where they were before task t (f_h* is a snapshot taken before task t, as in the paper). Earlier embeddings
/// are frozen. The hypernet is the generated task-conditioned <c>ContinualHypernet{N}</c> with one condition per task
/// (Models/RegressionModels.cs); the regulariser walks <c>GenerateWeights(k).Named()</c>.
/// </summary>
public static class ContinualSample
{
    /// <summary>The mainnet of every <c>ContinualHypernet{N}</c>: 1 → 10 → 10 → 1 (as in von Oswald et al.'s toy regression), tanh.</summary>
    public const string Mainnet = "1-10-10-1";
    /// <summary>The largest task count a generated hypernet is declared for (<c>ContinualHypernet1</c> … <c>ContinualHypernet6</c>).</summary>
    public const int MaxTasks = 6;

    /// <summary>Runs every seed with the regulariser and without, writes CSVs and plots, prints tables.</summary>
    public static IReadOnlyList<ContinualRun> Run(ContinualOptions o, IAnsiConsole console, List<string> files)
    {
        Directory.CreateDirectory(o.OutputFolder);
        var runs = new List<ContinualRun>();
        console.MarkupLine(Markup.Escape($"{o.Tasks} tasks y = (x − c)³ on [c − 1, c + 1], c = {string.Join(", ", Enumerable.Range(0, o.Tasks).Select(k => Tasks.Centre(k, o.Tasks)))}; " +
            $"{o.Points} noisy points each; mainnet {Mainnet} tanh; {o.StepsPerTask} full-batch Adam steps per task (lr {o.LearningRate.ToString("G3", CultureInfo.InvariantCulture)}); β = {o.Beta.ToString("G3", CultureInfo.InvariantCulture)}."));
        foreach (int seed in o.Seeds)
            foreach (double beta in new[] { o.Beta, 0.0 })
            {
                var run = Train(o, seed, beta);
                runs.Add(run);
                console.WriteLine((
                    $"seed {seed}, {(beta > 0 ? "with the output regulariser" : "without it (fine-tuning)")}: MSE per task after the last task " +
                    string.Join(", ", Enumerable.Range(0, o.Tasks).Select(k => $"task {k + 1} {run.Mse[o.Tasks - 1][k]:G3}"))));
            }

        var csv = new Csv("seed", "beta", "after_task", "task", "mse");
        foreach (var r in runs)
            for (int t = 0; t < o.Tasks; t++)
                for (int k = 0; k <= t; k++)
                    csv.Row(r.Seed, r.Beta, t + 1, k + 1, r.Mse[t][k]);
        files.Add(csv.Save(Path.Combine(o.OutputFolder, "continual-mse.csv")));
        var loss = new Csv("seed", "beta", "task", "step", "loss");
        foreach (var r in runs)
            for (int t = 0; t < o.Tasks; t++)
                for (int s = 0; s < r.Loss[t].Length; s++)
                    loss.Row(r.Seed, r.Beta, t + 1, s + 1, r.Loss[t][s]);
        files.Add(loss.Save(Path.Combine(o.OutputFolder, "continual-loss.csv")));
        File.WriteAllText(Path.Combine(o.OutputFolder, "init-report.md"), runs[0].Report.ToMarkdown());
        files.Add(Path.Combine(o.OutputFolder, "init-report.md"));
        files.Add(Path.Combine(o.OutputFolder, "init-report.csv"));
        File.WriteAllText(files[^1], runs[0].Report.ToCsv());

        var table = new Table().Title($"MSE per task after learning all {o.Tasks} tasks (mean over {o.Seeds.Length} seed(s))").AddColumn("");
        for (int k = 0; k < o.Tasks; k++)
            table.AddColumn(new TableColumn($"task {k + 1}").RightAligned());
        foreach (double beta in new[] { o.Beta, 0.0 })
        {
            var ofBeta = runs.Where(r => r.Beta == beta).ToList();
            table.AddRow(new[] { beta > 0 ? $"output regulariser, β = {beta.ToString("G3", CultureInfo.InvariantCulture)}" : "no regulariser (fine-tuning)" }
                .Concat(Enumerable.Range(0, o.Tasks).Select(k => Stats.Mean(ofBeta.Select(r => r.Mse[o.Tasks - 1][k])).ToString("G3", CultureInfo.InvariantCulture))).ToArray());
        }
        console.Write(table);
        console.Write(new Text(runs[0].Report.ToString()));

        var plots = new List<string>();
        foreach (var r in runs.Where(r => r.Seed == o.Seeds[0]))
        {
            string name = r.Beta > 0 ? "continual-fits.png" : "continual-fits-no-regulariser.png";
            string title = r.Beta > 0
                ? $"Task-conditioned hypernet after all {o.Tasks} tasks, output regulariser β = {r.Beta.ToString("G3", CultureInfo.InvariantCulture)} (seed {r.Seed})"
                : $"The same without the regulariser: earlier tasks are forgotten (seed {r.Seed})";
            plots.Add(Charts.Regression(Path.Combine(o.OutputFolder, name), title,
                Enumerable.Range(0, o.Tasks).Select(k => ($"task {k + 1} data", r.Data[k].X, r.Data[k].Y)).ToList(),
                Enumerable.Range(0, o.Tasks).Select(k => ($"task {k + 1} fit (embedding e{k + 1})", r.FitX[k], r.Fit[k], (double[]?)null, (double[]?)null)).ToList(),
                yLimits: null, legend: ScottPlot.Alignment.LowerRight)); // autoscaled: a forgotten task's fit stays inside the axes
        }
        files.AddRange(plots);
        files.Add(WriteSummary(o, runs));
        console.MarkupLine("[bold]Plots:[/]");
        foreach (var p in plots)
            console.MarkupLineInterpolated($"  [link]{p}[/]");
        return runs;
    }

    /// <summary>summary.md: MSE per task after the last task, with and without the regulariser (mean and range over seeds).</summary>
    static string WriteSummary(ContinualOptions o, IReadOnlyList<ContinualRun> runs)
    {
        var md = new StringBuilder();
        string F(double v) => v.ToString("G3", CultureInfo.InvariantCulture);
        md.Append(CultureInfo.InvariantCulture, $"{o.Tasks} tasks, {o.Points} points each, {o.StepsPerTask} full-batch Adam steps per task (lr {F(o.LearningRate)}), seeds {string.Join(", ", o.Seeds)}. ")
            .Append("MSE against the noise-free function after the last task: mean over seeds (min–max).\n\n| | ")
            .AppendJoin(" | ", Enumerable.Range(1, o.Tasks).Select(k => $"task {k}")).Append(" |\n|---|").Append(string.Concat(Enumerable.Repeat("---:|", o.Tasks))).Append('\n');
        foreach (double beta in new[] { o.Beta, 0.0 })
        {
            var ofBeta = runs.Where(r => r.Beta == beta).ToList();
            md.Append(beta > 0 ? $"| output regulariser, β = {F(beta)}" : "| no regulariser (fine-tuning)");
            for (int k = 0; k < o.Tasks; k++)
            {
                var v = ofBeta.Select(r => r.Mse[o.Tasks - 1][k]).ToArray();
                md.Append(CultureInfo.InvariantCulture, $" | {F(Stats.Mean(v))} ({F(v.Min())}–{F(v.Max())})");
            }
            md.Append(" |\n");
        }
        md.Append("\n![with the regulariser](continual-fits.png)\n\n![without it](continual-fits-no-regulariser.png)\n");
        string path = Path.Combine(o.OutputFolder, "summary.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>Learns the tasks one after another for one seed, with the generated hypernet that has one condition per task.</summary>
    public static ContinualRun Train(ContinualOptions o, int seed, double beta) => o.Tasks switch
    {
        1 => Train<ContinualHypernet1>(o, seed, beta),
        2 => Train<ContinualHypernet2>(o, seed, beta),
        3 => Train<ContinualHypernet3>(o, seed, beta),
        4 => Train<ContinualHypernet4>(o, seed, beta),
        5 => Train<ContinualHypernet5>(o, seed, beta),
        6 => Train<ContinualHypernet6>(o, seed, beta),
        _ => throw new ArgumentOutOfRangeException(nameof(o), o.Tasks, $"The continual sample declares hypernets for 1 to {MaxTasks} tasks."),
    };

    static ContinualRun Train<TModel>(ContinualOptions o, int seed, double beta)
        where TModel : nn.Module<Tensor, long, Tensor>, ITaskConditionedHypernet, new()
    {
        manual_seed(seed);
        var random = new Random(seed);
        double scale = Tasks.InputScale(Tasks.Domain(o.Tasks));
        var raw = Enumerable.Range(0, o.Tasks).Select(k => Tasks.ContinualTask(k, o.Tasks, o.Points, random)).ToArray();
        var data = raw.Select(d => new RegressionData(d.X, d.Y, scale, o.Device)).ToArray();
        var fitX = Enumerable.Range(0, o.Tasks).Select(k => Tasks.Grid(Tasks.Centre(k, o.Tasks) - 1, Tasks.Centre(k, o.Tasks) + 1, 100)).ToArray();
        var truth = fitX.Select((xs, k) => new RegressionData(xs, xs.Select(x => Tasks.Polynomial(k, o.Tasks, x)).ToArray(), scale, o.Device)).ToArray();
        try
        {
            // One learned embedding per task (the generated conditionEmbeddings parameter, [tasks, 8]); hyperfan-in
            // init with V_e calibrated over every task's head inputs.
            using var model = new TModel();
            if (model.Tasks != o.Tasks)
                throw new InvalidOperationException($"{model.GetName()} has {model.Tasks} conditions for {o.Tasks} tasks.");
            model.to(o.Device);
            var report = model.InitReport();
            var taskEmbeddings = model.named_parameters().Single(p => p.name == "conditionEmbeddings").parameter;

            var log = TensorBoardLog.For(o.TensorBoard, $"seed{seed}-beta{beta.ToString("R", CultureInfo.InvariantCulture)}");
            var mse = Enumerable.Range(0, o.Tasks).Select(_ => Enumerable.Repeat(double.NaN, o.Tasks).ToArray()).ToArray();
            var losses = new float[o.Tasks][];
            for (int t = 0; t < o.Tasks; t++)
            {
                // f_h*(e_k) for every earlier task: the generated weights to keep, frozen before task t starts.
                var keep = new List<Tensor[]>();
                using (no_grad())
                    for (int k = 0; k < t; k++)
                        keep.Add(model.NamedWeights(k).Select(w => w.Value.detach().clone()).ToArray());
                // Only task t's embedding learns: the gradient of every other row of conditionEmbeddings is zeroed, so
                // Adam (fresh for each task) never moves them — earlier tasks' embeddings stay frozen, later ones at init.
                using var onlyTask = zeros(o.Tasks, 1, device: o.Device);
                onlyTask[t].fill_(1);
                using var optimizer = optim.Adam(model.parameters(), lr: o.LearningRate);
                losses[t] = new float[o.StepsPerTask];
                for (int s = 0; s < o.StepsPerTask; s++)
                {
                    using var scope = NewDisposeScope();
                    optimizer.zero_grad();
                    var prediction = model.forward(data[t].Inputs, t);
                    var loss = nn.functional.mse_loss(prediction, data[t].Targets);
                    if (beta > 0 && t > 0)
                    {
                        Tensor? reg = null;
                        for (int k = 0; k < t; k++)
                            foreach (var (now, kept) in model.NamedWeights(k).Zip(keep[k]))
                            {
                                var term = now.Value.sub(kept).square().sum();
                                reg = reg is null ? term : reg.add(term);
                            }
                        loss = loss.add(reg!.mul(beta / t));
                    }
                    losses[t][s] = loss.item<float>();
                    log?.Scalar($"task{t + 1}/loss", losses[t][s], t * o.StepsPerTask + s + 1); // one global step axis over all tasks
                    loss.backward();
                    using (no_grad())
                        taskEmbeddings.grad!.mul_(onlyTask);
                    optimizer.step();
                }
                foreach (var tensors in keep)
                    foreach (var tensor in tensors)
                        tensor.Dispose();
                using (no_grad())
                    for (int k = 0; k <= t; k++)
                    {
                        using var scope = NewDisposeScope();
                        var prediction = model.forward(truth[k].Inputs, k);
                        mse[t][k] = nn.functional.mse_loss(prediction, truth[k].Targets).item<float>();
                        log?.Scalar($"task{k + 1}/mse_vs_truth", mse[t][k], (t + 1) * o.StepsPerTask);
                    }
            }
            var fits = new double[o.Tasks][];
            using (no_grad())
                for (int k = 0; k < o.Tasks; k++)
                {
                    using var scope = NewDisposeScope();
                    var prediction = model.forward(truth[k].Inputs, k).flatten().cpu();
                    fits[k] = prediction.data<float>().Select(v => (double)v).ToArray();
                }
            return new ContinualRun(seed, beta, mse, losses, fitX, fits, raw, report);
        }
        finally
        {
            foreach (var d in data.Concat(truth))
                d.Dispose();
        }
    }
}
