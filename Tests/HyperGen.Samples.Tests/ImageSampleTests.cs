using System;
using System.IO;
using System.Linq;
using Xunit;

namespace HyperGen.Samples.Tests;

/// <summary>compare and conv for a few steps on the embedded Fashion-MNIST subset.</summary>
public class ImageSampleTests
{
    [Fact]
    public void Compare_writes_run_csvs_init_report_summary_and_plots()
    {
        using var dir = new SampleRunner();
        var (code, output) = SampleRunner.Run("compare", "--data", "embedded", "--steps", "3", "--seeds", "1",
            "--inits", "hyperfan-in,calibrated,xavier,kaiming", "--out", dir.Folder);
        Assert.True(code == 0, output);
        Assert.Contains("embedded Fashion-MNIST subset", output);

        // One CSV per optimiser × init × seed: step, loss, accuracy.
        var runs = Directory.GetFiles(Path.Combine(dir.Folder, "runs"), "*.csv").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(new[]
        {
            "adam-calibrated-seed1.csv", "adam-hyperfan-in-seed1.csv", "adam-kaiming-seed1.csv", "adam-xavier-seed1.csv",
            "sgd-calibrated-seed1.csv", "sgd-hyperfan-in-seed1.csv", "sgd-kaiming-seed1.csv", "sgd-xavier-seed1.csv",
        }, runs);
        var summary = Artefacts.Csv(Path.Combine(dir.Folder, "summary.csv"), "optimizer", "init", "seed", "learning_rate", "steps", "batch_size",
            "first_step_loss", "final_train_loss", "final_train_accuracy", "test_loss", "test_accuracy", "diverged_at_step", "seconds");
        Assert.Equal(8, summary.Count);
        foreach (var run in runs)
        {
            var rows = Artefacts.Csv(Path.Combine(dir.Folder, "runs", run!), "step", "loss", "accuracy");
            var losses = rows.Select(r => Artefacts.Number(r["loss"])).ToArray();
            Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => i.ToString()), rows.Select(r => r["step"]));
            Assert.All(rows, r => Assert.InRange(Artefacts.Number(r["accuracy"]), 0, 1));
            var row = summary.Single(s => $"{s["optimizer"]}-{s["init"]}-seed{s["seed"]}.csv" == run);
            int divergedAt = int.Parse(row["diverged_at_step"]);
            if (divergedAt == 0)
            {
                Assert.Equal(3, rows.Count);
                Assert.All(losses, l => Assert.True(double.IsFinite(l), $"{run}: loss {l}"));
            }
            else
            {
                // A run stops at its first non-finite loss, and the summary says where.
                Assert.Equal(divergedAt, rows.Count);
                Assert.False(double.IsFinite(losses[^1]));
                Assert.All(losses[..^1], l => Assert.True(double.IsFinite(l)));
            }
        }
        // Hyperfan runs never diverge, and start near ln(10) ≈ 2.3; Kaiming on the heads starts orders of magnitude higher.
        foreach (var init in new[] { "hyperfan-in", "calibrated" })
            foreach (var opt in new[] { "adam", "sgd" })
            {
                var row = summary.Single(s => s["init"] == init && s["optimizer"] == opt);
                Assert.Equal("0", row["diverged_at_step"]);
                Assert.InRange(Artefacts.Number(row["first_step_loss"]), 1.5, 4);
                Assert.True(double.IsFinite(Artefacts.Number(row["final_train_loss"])));
            }
        Assert.True(Artefacts.Number(summary.Single(s => s["init"] == "kaiming" && s["optimizer"] == "adam")["first_step_loss"]) > 100);

        // The init report: calibrated hits every target within a few percent, Kaiming on the heads misses Layer1Weight by ~10³.
        var report = Artefacts.Csv(Path.Combine(dir.Folder, "init-report.csv"), "init", "seed", "name", "shape", "role", "fan_in", "fan_out",
            "target_var", "predicted_var", "realised_var", "ratio");
        Assert.Equal(4 * 6, report.Count);
        foreach (var row in report.Where(r => r["init"] == "calibrated" && r["role"] == "Weight"))
            Assert.InRange(Artefacts.Number(row["ratio"]), 0.9, 1.1);
        Assert.InRange(Artefacts.Number(report.Single(r => r["init"] == "calibrated" && r["name"] == "Layer1Weight")["ratio"]), 0.97, 1.03);
        Assert.True(Artefacts.Number(report.Single(r => r["init"] == "kaiming" && r["name"] == "Layer1Weight")["ratio"]) > 100);
        Assert.Contains("| init | Layer1Weight |", File.ReadAllText(Path.Combine(dir.Folder, "init-report.md")));
        Assert.Contains("final train loss", File.ReadAllText(Path.Combine(dir.Folder, "summary.md")));

        foreach (var png in new[] { "loss-adam.png", "loss-sgd.png", "init-variance.png" })
            Artefacts.IsPng(Path.Combine(dir.Folder, png));
        Assert.Contains(Path.Combine(dir.Folder, "init-variance.png"), output.Replace("\n", ""));
        // Labels are drawn with the font shipped next to the program, not with whatever the system has (maybe nothing).
        Assert.True(HyperGen.Samples.Plotting.Charts.FontRegistered, "Plotting/Fonts/*.ttf must be copied next to the program");
    }

    [Fact]
    public void Conv_trains_the_generated_conv_hypernet_and_writes_the_same_artefacts()
    {
        using var dir = new SampleRunner();
        var (code, output) = SampleRunner.Run("conv", "--data", "embedded", "--steps", "2", "--seeds", "1", "--optimizers", "adam", "--out", dir.Folder);
        Assert.True(code == 0, output);
        Assert.Contains("ConvHypernet", output);
        var summary = Artefacts.Csv(Path.Combine(dir.Folder, "summary.csv"), "optimizer", "init", "seed", "learning_rate", "steps", "batch_size",
            "first_step_loss", "final_train_loss", "final_train_accuracy", "test_loss", "test_accuracy", "diverged_at_step", "seconds");
        Assert.Equal(new[] { "calibrated", "kaiming" }, summary.Select(s => s["init"]).ToArray());
        var calibrated = Artefacts.Csv(Path.Combine(dir.Folder, "runs", "adam-calibrated-seed1.csv"), "step", "loss", "accuracy");
        Assert.Equal(2, calibrated.Count);
        Assert.All(calibrated, r => Assert.True(double.IsFinite(Artefacts.Number(r["loss"]))));
        var report = Artefacts.Csv(Path.Combine(dir.Folder, "init-report.csv"), "init", "seed", "name", "shape", "role", "fan_in", "fan_out",
            "target_var", "predicted_var", "realised_var", "ratio");
        Assert.Contains(report, r => r["name"] == "Layer1Weight" && r["shape"] == "16×1×3×3");
        foreach (var png in new[] { "loss-adam.png", "init-variance.png" })
            Artefacts.IsPng(Path.Combine(dir.Folder, png));
    }
}
