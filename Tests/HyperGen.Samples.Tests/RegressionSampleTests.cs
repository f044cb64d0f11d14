using System.IO;
using System.Linq;
using Xunit;

namespace HyperGen.Samples.Tests;

/// <summary>continual and bayes (generated task- and noise-conditioned hypernets) for a few steps.</summary>
public class RegressionSampleTests
{
    [Fact]
    public void Continual_learns_tasks_in_sequence_and_plots_every_fit()
    {
        using var dir = new SampleRunner();
        var (code, output) = SampleRunner.Run("continual", "--epochs", "10", "--tasks", "2", "--seeds", "1", "--out", dir.Folder);
        Assert.True(code == 0, output);
        var mse = Artefacts.Csv(Path.Combine(dir.Folder, "continual-mse.csv"), "seed", "beta", "after_task", "task", "mse");
        // After task 1: task 1; after task 2: tasks 1 and 2 — with the regulariser and without.
        Assert.Equal(2 * 3, mse.Count);
        Assert.All(mse, r => Assert.True(double.IsFinite(Artefacts.Number(r["mse"]))));
        var loss = Artefacts.Csv(Path.Combine(dir.Folder, "continual-loss.csv"), "seed", "beta", "task", "step", "loss");
        Assert.Equal(2 * 2 * 10, loss.Count);
        Assert.All(loss, r => Assert.True(double.IsFinite(Artefacts.Number(r["loss"]))));
        Artefacts.IsPng(Path.Combine(dir.Folder, "continual-fits.png"));
        Artefacts.IsPng(Path.Combine(dir.Folder, "continual-fits-no-regulariser.png"));
        Artefacts.Csv(Path.Combine(dir.Folder, "init-report.csv"), "name", "shape", "role", "fan_in", "fan_out", "target_var", "predicted_var", "realised_var", "ratio");
        Assert.Contains("ContinualHypernet2", File.ReadAllText(Path.Combine(dir.Folder, "init-report.md")));
        Assert.Contains("| no regulariser (fine-tuning) |", File.ReadAllText(Path.Combine(dir.Folder, "summary.md")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void Continual_picks_the_generated_hypernet_with_one_condition_per_task(int tasks)
    {
        // --tasks is a run-time option but Conditions is a compile-time attribute: one class per allowed count.
        using var dir = new SampleRunner();
        var (code, output) = SampleRunner.Run("continual", "--epochs", "2", "--tasks", tasks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seeds", "1", "--out", dir.Folder);
        Assert.True(code == 0, output);
        Assert.Contains($"ContinualHypernet{tasks}", output);
        var mse = Artefacts.Csv(Path.Combine(dir.Folder, "continual-mse.csv"), "seed", "beta", "after_task", "task", "mse");
        Assert.Equal(2 * tasks * (tasks + 1) / 2, mse.Count);
    }

    [Fact]
    public void Bayes_samples_weights_and_plots_the_predictive_band()
    {
        using var dir = new SampleRunner();
        var (code, output) = SampleRunner.Run("bayes", "--epochs", "10", "--samples", "20", "--seeds", "1", "--out", dir.Folder);
        Assert.True(code == 0, output);
        var predictive = Artefacts.Csv(Path.Combine(dir.Folder, "bayes-predictive.csv"), "seed", "x", "mean", "std", "truth");
        Assert.All(predictive, r =>
        {
            Assert.True(double.IsFinite(Artefacts.Number(r["mean"])));
            Assert.True(Artefacts.Number(r["std"]) > 0, "sampled mainnets must differ: the hypernet is conditioned on fresh noise");
        });
        var loss = Artefacts.Csv(Path.Combine(dir.Folder, "bayes-loss.csv"), "seed", "step", "loss");
        Assert.Equal(10, loss.Count);
        Assert.All(loss, r => Assert.True(double.IsFinite(Artefacts.Number(r["loss"]))));
        Artefacts.Csv(Path.Combine(dir.Folder, "bayes-summary.csv"), "seed", "gap_std", "data_std", "gap_over_data", "data_rmse", "final_loss");
        Artefacts.IsPng(Path.Combine(dir.Folder, "bayes.png"));
        Artefacts.IsPng(Path.Combine(dir.Folder, "bayes-std.png"));
        Assert.Contains("The predictive std is larger in the gap than on the data in", File.ReadAllText(Path.Combine(dir.Folder, "summary.md")));
    }
}
