using System;
using System.Globalization;
using System.IO;
using System.Linq;
using HyperGen.Samples.Models;
using HyperGen.Samples.Training;
using Xunit;

namespace HyperGen.Samples.Tests;

/// <summary>compare and conv for a few steps on the embedded Fashion-MNIST subset.</summary>
public class ImageSampleTests
{
    static readonly string[] SummaryHeader = ["optimizer", "init", "seed", "learning_rate", "steps", "batch_size", "first_step_loss", "final_train_loss",
        "final_train_accuracy", "validation_loss", "test_loss", "test_accuracy", "diverged_at_step", "seconds"];

    static string Rate(string cell) => RunSpec.Rate(Artefacts.Number(cell));

    [Fact]
    public void Compare_sweeps_the_learning_rate_per_init_on_the_validation_split_and_writes_every_artefact()
    {
        using var dir = new SampleRunner();
        // SGD keeps the test fast (Adam's update over the 26.7M head parameters costs ~3× more; conv covers Adam).
        var (code, output) = SampleRunner.Run("compare", "--data", "embedded", "--steps", "3", "--seeds", "2", "--optimizers", "sgd",
            "--inits", "hyperfan-in,kaiming", "--lr-sgd", "1e-2,1e-3", "--lr-extend", "0", "--out", dir.Folder);
        Assert.True(code == 0, output);
        Assert.Contains("embedded Fashion-MNIST subset", output);
        Assert.Contains("2,700 training / 300 validation / 1,000 test images", output);
        Assert.Contains("peak resident memory", output);

        // Two rates on seed 1 for each init.
        var sweep = Artefacts.Csv(Path.Combine(dir.Folder, "lr-sweep.csv"), "optimizer", "init", "seed", "learning_rate", "validation_loss",
            "validation_accuracy", "diverged_at_step", "picked");
        Assert.Equal(4, sweep.Count);
        Assert.All(sweep, p => Assert.Equal("sgd", p["optimizer"]));
        var summary = Artefacts.Csv(Path.Combine(dir.Folder, "summary.csv"), SummaryHeader);
        Assert.Equal(2 * 2, summary.Count); // inits × seeds
        foreach (var init in new[] { "hyperfan-in", "kaiming" })
        {
            var tried = sweep.Where(p => p["init"] == init).ToList();
            Assert.Equal(new[] { "1e-3", "1e-2" }, tried.Select(p => Rate(p["learning_rate"])).ToArray()); // sorted ascending
            var picked = Assert.Single(tried, p => p["picked"] == "1");
            // The pick is the lowest validation loss among the rates that did not diverge (the test split plays no part).
            var finite = tried.Where(p => p["diverged_at_step"] == "0" && double.IsFinite(Artefacts.Number(p["validation_loss"]))).ToList();
            if (finite.Count > 0)
                Assert.Equal(finite.Min(p => Artefacts.Number(p["validation_loss"])), Artefacts.Number(picked["validation_loss"]));
            // Every seed of that init runs at the picked rate; seed 1's run is the sweep's own.
            var runs = summary.Where(s => s["init"] == init).ToList();
            Assert.All(runs, r => Assert.Equal(Rate(picked["learning_rate"]), Rate(r["learning_rate"])));
            Assert.Equal(Artefacts.Number(picked["validation_loss"]), Artefacts.Number(runs.Single(r => r["seed"] == "1")["validation_loss"]));
        }

        // One CSV per run actually trained: 2 sweep runs + 1 more seed per init.
        var files = Directory.GetFiles(Path.Combine(dir.Folder, "runs"), "*.csv").Select(Path.GetFileName).ToArray();
        Assert.Equal(2 * 3, files.Length);
        Assert.Contains("sgd-hyperfan-in-lr1e-3-seed1.csv", files);
        Assert.Contains("sgd-hyperfan-in-lr1e-2-seed1.csv", files);
        Assert.Contains("sgd-kaiming-lr1e-3-seed1.csv", files);
        foreach (var row in summary)
        {
            var rows = Artefacts.Csv(Path.Combine(dir.Folder, "runs", $"{row["optimizer"]}-{row["init"]}-lr{Rate(row["learning_rate"])}-seed{row["seed"]}.csv"), "step", "loss", "accuracy");
            var losses = rows.Select(r => Artefacts.Number(r["loss"])).ToArray();
            Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Select(r => r["step"]));
            int divergedAt = int.Parse(row["diverged_at_step"], CultureInfo.InvariantCulture);
            if (divergedAt == 0)
            {
                Assert.Equal(3, rows.Count);
                Assert.All(losses, l => Assert.True(double.IsFinite(l)));
            }
            else
            {
                // A run stops at its first non-finite loss, and the summary says where.
                Assert.Equal(divergedAt, rows.Count);
                Assert.False(double.IsFinite(losses[^1]));
            }
        }
        // Hyperfan never diverges and starts near ln 10 ≈ 2.3; Kaiming on the heads starts orders of magnitude higher.
        foreach (var row in summary.Where(s => s["init"] == "hyperfan-in"))
        {
            Assert.Equal("0", row["diverged_at_step"]);
            Assert.InRange(Artefacts.Number(row["first_step_loss"]), 1.5, 4);
        }
        Assert.All(summary.Where(s => s["init"] == "kaiming"), r => Assert.True(Artefacts.Number(r["first_step_loss"]) > 100));

        // The init report at Embedding 64 / Hidden 100: Kaiming on the heads misses Layer1Weight by ~10³.
        var report = Artefacts.Csv(Path.Combine(dir.Folder, "init-report.csv"), "init", "seed", "name", "shape", "role", "fan_in", "fan_out",
            "target_var", "predicted_var", "realised_var", "ratio");
        Assert.Equal(2 * 2 * 6, report.Count);
        Assert.All(report.Where(r => r["init"] == "kaiming" && r["name"] == "Layer1Weight"), r => Assert.True(Artefacts.Number(r["ratio"]) > 100));
        string md = File.ReadAllText(Path.Combine(dir.Folder, "summary.md"));
        Assert.Contains("Validation loss after the full budget per learning rate", md);
        Assert.Contains("Final train loss per seed", md);
        Assert.Contains("![training loss, SGD](loss-sgd.png)", md);
        foreach (var png in new[] { "loss-sgd.png", "init-variance.png" })
            Artefacts.IsPng(Path.Combine(dir.Folder, png));
        Assert.True(HyperGen.Samples.Plotting.Charts.FontRegistered, "Plotting/Fonts/*.ttf must be copied next to the program");
    }

    [Fact]
    public void Conv_trains_the_generated_conv_hypernet_and_writes_the_same_artefacts()
    {
        using var dir = new SampleRunner();
        var (code, output) = SampleRunner.Run("conv", "--data", "embedded", "--steps", "2", "--seeds", "1", "--optimizers", "adam", "--lr-adam", "3e-4", "--out", dir.Folder);
        Assert.True(code == 0, output);
        Assert.Contains("ConvHypernet", output);
        var summary = Artefacts.Csv(Path.Combine(dir.Folder, "summary.csv"), SummaryHeader);
        Assert.Equal(new[] { "calibrated", "kaiming" }, summary.Select(s => s["init"]).ToArray());
        Assert.False(File.Exists(Path.Combine(dir.Folder, "lr-sweep.csv")), "one learning rate: no sweep");
        var calibrated = Artefacts.Csv(Path.Combine(dir.Folder, "runs", "adam-calibrated-lr3e-4-seed1.csv"), "step", "loss", "accuracy");
        Assert.Equal(2, calibrated.Count);
        Assert.All(calibrated, r => Assert.True(double.IsFinite(Artefacts.Number(r["loss"]))));
        var report = Artefacts.Csv(Path.Combine(dir.Folder, "init-report.csv"), "init", "seed", "name", "shape", "role", "fan_in", "fan_out",
            "target_var", "predicted_var", "realised_var", "ratio");
        Assert.Contains(report, r => r["name"] == "Layer1Weight" && r["shape"] == "16×1×3×3");
        foreach (var png in new[] { "loss-adam.png", "init-variance.png" })
            Artefacts.IsPng(Path.Combine(dir.Folder, png));
    }

    [Fact]
    public void A_sweep_picks_the_lowest_validation_loss_and_never_a_diverged_rate()
    {
        static SweepPoint P(double lr, double validationLoss, int divergedAt = 0) =>
            new(OptimizerKind.Sgd, InitChoice.Xavier, lr, new Evaluation(validationLoss, 0.5), divergedAt);
        Assert.Equal(1e-2, Comparison.Pick([P(1e-3, 0.9), P(1e-2, 0.4), P(1e-1, 0.7)]));
        // A rate that diverged loses even when its (meaningless) recorded loss is lower; so does a NaN validation loss.
        Assert.Equal(1e-3, Comparison.Pick([P(1e-3, 0.9), P(1e-2, 0.1, divergedAt: 5), P(1e-1, double.NaN)]));
        // Every rate diverged: the smallest, the one least likely to.
        Assert.Equal(1e-3, Comparison.Pick([P(1e-1, double.NaN, 2), P(1e-3, double.PositiveInfinity, 9), P(1e-2, double.NaN, 3)]));
    }

    [Fact]
    public void A_pick_at_an_end_of_the_grid_goes_on_beyond_it_and_the_summary_says_where_it_stopped()
    {
        using var dir = new SampleRunner();
        // Three SGD steps at rates this small: every larger rate lowers the loss, so each pick sits at the top end.
        var (code, output) = SampleRunner.Run("compare", "--data", "embedded", "--steps", "3", "--seeds", "1", "--optimizers", "sgd",
            "--inits", "hyperfan-in", "--lr-sgd", "1e-6,3e-6", "--lr-extend", "2", "--out", dir.Folder);
        Assert.True(code == 0, output);
        var sweep = Artefacts.Csv(Path.Combine(dir.Folder, "lr-sweep.csv"), "optimizer", "init", "seed", "learning_rate", "validation_loss",
            "validation_accuracy", "diverged_at_step", "picked");
        // The grid, then two more rates up the same 1-3 series, one at a time while the pick stayed at the end.
        Assert.Equal(new[] { "1e-6", "3e-6", "1e-5", "3e-5" }, sweep.Select(p => Rate(p["learning_rate"])).ToArray());
        var losses = sweep.Select(p => Artefacts.Number(p["validation_loss"])).ToArray();
        Assert.True(losses.Zip(losses.Skip(1)).All(pair => pair.Second < pair.First), "validation loss falls with the rate: " + string.Join(", ", losses));
        Assert.Equal("3e-5", Rate(Assert.Single(sweep, p => p["picked"] == "1")["learning_rate"]));
        Assert.Contains("[4/4]", output); // the run count grew with the extension
        string md = File.ReadAllText(Path.Combine(dir.Folder, "summary.md"));
        Assert.Contains("extended by up to 2 rates beyond an end of the grid", md);
        Assert.Contains("| init | 1e-6 | 3e-6 | 1e-5 | 3e-5 |", md);
        Assert.Contains("Picked at an end of the rates tried, so the best rate may lie beyond them: hyperfan-in (3e-5).", md);
    }

    [Theory]
    [InlineData(3e-3, 1e-3, 1e-2)]   // up a 1-3 series
    [InlineData(1e-2, 3e-3, 3e-2)]
    [InlineData(3e-5, 1e-4, 1e-5)]   // down
    [InlineData(1e-3, 3e-3, 3e-4)]
    [InlineData(0.02, 0.01, 0.04)]   // any other spacing: the same ratio again
    [InlineData(0.01, 0.02, 0.005)]
    [InlineData(0.5, 0.3, 0.833)]
    public void The_rate_beyond_a_grid_end_continues_its_spacing(double end, double neighbour, double expected) =>
        Assert.Equal(expected, Comparison.Beyond(end, neighbour));

    [Fact]
    public void TensorBoard_event_files_are_written_per_run_with_every_step()
    {
        using var dir = new SampleRunner();
        string board = Path.Combine(dir.Folder, "board");
        var (code, output) = SampleRunner.Run("compare", "--data", "embedded", "--steps", "3", "--seeds", "1", "--inits", "hyperfan-in",
            "--optimizers", "sgd", "--lr-sgd", "1e-2", "--out", Path.Combine(dir.Folder, "out"), "--tensorboard", board);
        Assert.True(code == 0, output);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(board, "sgd-hyperfan-in-lr1e-2-seed1"), "events.out.tfevents.*"));
        var records = TfRecords.Read(file);
        // The file-version record, 2 scalars per step, 6 final scalars; each is a well-formed TFRecord (lengths and framing checked).
        Assert.Equal(1 + 2 * 3 + 6, records.Count);
        Assert.Contains("brain.Event:2", System.Text.Encoding.ASCII.GetString(records[0]));
        Assert.Equal(3, records.Count(r => System.Text.Encoding.ASCII.GetString(r).Contains("train/batch_loss", StringComparison.Ordinal)));
        Assert.Single(records, r => System.Text.Encoding.ASCII.GetString(r).Contains("final/test_accuracy", StringComparison.Ordinal));

        (code, output) = SampleRunner.Run("bayes", "--epochs", "4", "--samples", "10", "--seeds", "1", "--out", Path.Combine(dir.Folder, "bayes"), "--tensorboard", board);
        Assert.True(code == 0, output);
        var bayes = TfRecords.Read(Assert.Single(Directory.GetFiles(Path.Combine(board, "seed1"), "events.out.tfevents.*")));
        Assert.Equal(1 + 4, bayes.Count);
    }
}

/// <summary>Reads TFRecord framing (length, masked CRC, data, masked CRC) as TensorBoard does.</summary>
static class TfRecords
{
    public static System.Collections.Generic.List<byte[]> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 0, $"{path} is empty");
        var records = new System.Collections.Generic.List<byte[]>();
        int at = 0;
        while (at < bytes.Length)
        {
            Assert.True(at + 12 <= bytes.Length, "truncated record header");
            long length = BitConverter.ToInt64(bytes, at);
            Assert.InRange(length, 1, bytes.Length - at - 16);
            records.Add(bytes[(at + 12)..(at + 12 + (int)length)]);
            at += 12 + (int)length + 4;
        }
        Assert.Equal(bytes.Length, at);
        return records;
    }
}
