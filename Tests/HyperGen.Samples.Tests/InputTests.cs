using System;
using System.IO;
using System.Linq;
using System.IO.Compression;
using HyperGen.Samples.Cli;
using HyperGen.Samples.Data;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Samples.Tests;

/// <summary>The data reader and the command line: every bad input is a message naming it and a non-zero exit, never a stack trace.</summary>
public class InputTests
{
    static readonly string[] Files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Writes the embedded subset to <paramref name="folder"/>, gzip or plain.</summary>
    static void WriteSubset(string folder, bool gzip)
    {
        foreach (var stem in Files)
        {
            using var resource = typeof(ImageData).Assembly.GetManifestResourceStream($"HyperGen.Samples.Data.FashionMnistSubset.{stem}.gz")!;
            using var target = File.Create(Path.Combine(folder, gzip ? stem + ".gz" : stem));
            if (gzip)
                resource.CopyTo(target);
            else
                using (var unzip = new GZipStream(resource, CompressionMode.Decompress))
                    unzip.CopyTo(target);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_folder_of_idx_files_reads_gzip_or_plain_and_is_standardised(bool gzip)
    {
        using var dir = new SampleRunner();
        WriteSubset(dir.Folder, gzip);
        using var data = ImageData.Load(dir.Folder, CPU);
        using var embedded = ImageData.Load(ImageData.Embedded, CPU);
        // 10 % of the 3,000 training images are held out for validation, by a fixed draw.
        Assert.Equal(2700, data.Train.Count);
        Assert.Equal(300, data.Validation.Count);
        Assert.Equal(1000, data.Test.Count);
        Assert.Equal(new long[] { 2700, 784 }, data.Train.Images.shape);
        Assert.Equal(ScalarType.Int64, data.Train.Labels.dtype);
        Assert.True(data.Train.Images.allclose(embedded.Train.Images));
        Assert.True(data.Validation.Labels.equal(embedded.Validation.Labels).all().item<bool>());
        Assert.True(data.Test.Labels.equal(embedded.Test.Labels).all().item<bool>());
        // Standardised: E[x²] = 1 on the training split, as hyperfan init assumes at the mainnet's input.
        Assert.InRange(data.Train.Images.square().mean().item<float>(), 0.999, 1.001);
        Assert.InRange(data.Train.Images.mean().item<float>(), -1e-3, 1e-3);
        // The validation split is drawn at random, not the last rows of the file: every class is in it.
        Assert.Equal(10, data.Validation.Labels.unique().Item1.shape[0]);
        // Every class is present in both splits of the subset.
        Assert.Equal(10, data.Train.Labels.unique().Item1.shape[0]);
        Assert.Equal(10, data.Test.Labels.unique().Item1.shape[0]);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var dir = new SampleRunner();
        WriteSubset(dir.Folder, gzip: true);
        File.Delete(Path.Combine(dir.Folder, "t10k-labels-idx1-ubyte.gz"));
        var e = Assert.Throws<SampleException>(() => ImageData.Load(dir.Folder, CPU));
        Assert.Contains("t10k-labels-idx1-ubyte", e.Message);
        Assert.Contains(Path.GetFullPath(dir.Folder), e.Message);

        var (code, output) = SampleRunner.Run("compare", "--data", dir.Folder, "--steps", "1", "--seeds", "1");
        Assert.Equal(SamplesApp.BadInput, code);
        Assert.Contains("t10k-labels-idx1-ubyte", output);
        Assert.DoesNotContain("   at ", output); // no stack trace
    }

    [Fact]
    public void A_truncated_or_foreign_file_is_named()
    {
        using var dir = new SampleRunner();
        WriteSubset(dir.Folder, gzip: false);
        string images = Path.Combine(dir.Folder, "train-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(images);
        File.WriteAllBytes(images, bytes[..5000]);
        var e = Assert.Throws<SampleException>(() => ImageData.Load(dir.Folder, CPU));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("truncated", e.Message);

        File.WriteAllText(images, "this is not an IDX file");
        e = Assert.Throws<SampleException>(() => ImageData.Load(dir.Folder, CPU));
        Assert.Contains("train-images-idx3-ubyte", e.Message);
        Assert.Contains("not an IDX file", e.Message);
    }

    [Fact]
    public void A_missing_folder_is_named()
    {
        var (code, output) = SampleRunner.Run("conv", "--data", "/no/such/folder", "--steps", "1");
        Assert.Equal(SamplesApp.BadInput, code);
        Assert.Contains("/no/such/folder", output);
        Assert.Contains("does not exist", output);
    }

    /// <summary>Writes an MNIST-format folder: <paramref name="count"/> training and test images of rows×cols, pixels from <paramref name="pixel"/>.</summary>
    static void WriteIdxFolder(string folder, int count, int rows, int cols, Func<int, byte> pixel)
    {
        foreach (var split in new[] { "train", "t10k" })
        {
            var images = new byte[count * rows * cols];
            for (int i = 0; i < images.Length; i++)
                images[i] = pixel(i);
            WriteIdx(Path.Combine(folder, $"{split}-images-idx3-ubyte"), [count, rows, cols], images);
            WriteIdx(Path.Combine(folder, $"{split}-labels-idx1-ubyte"), [count], Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray());
        }
    }

    static void WriteIdx(string path, int[] dims, byte[] data)
    {
        using var file = File.Create(path);
        file.Write([0, 0, 0x08, (byte)dims.Length]);
        foreach (int d in dims)
            file.Write([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        file.Write(data);
    }

    [Theory]
    [InlineData("compare", 0)]
    [InlineData("conv", 0)]
    [InlineData("compare", 255)]
    public void Constant_images_are_a_clear_error_before_training_not_a_run_of_NaN(string command, int value)
    {
        // All-black (or all-white) images have pixel standard deviation 0: standardising them divides by 0.
        using var dir = new SampleRunner();
        WriteIdxFolder(dir.Folder, 40, 28, 28, _ => (byte)value);
        string outDir = Path.Combine(dir.Folder, "out");
        var (code, output) = SampleRunner.Run(command, "--data", dir.Folder, "--steps", "2", "--seeds", "1", "--out", outDir);
        Assert.Equal(SamplesApp.BadInput, code);
        Assert.Contains("standard deviation 0", output);
        Assert.Contains("cannot be standardised", output);
        Assert.Contains($"has the value {value}", output);
        Assert.DoesNotContain("NaN", output);
        Assert.False(Directory.Exists(Path.Combine(outDir, "runs")), "no run may start");
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("compare", 8, 8)]
    [InlineData("conv", 8, 8)]
    [InlineData("compare", 32, 32)]   // more pixels than the mainnet takes is as wrong as fewer
    [InlineData("conv", 28, 14)]
    public void Images_of_another_size_stop_with_exit_2_before_training(string command, int rows, int cols)
    {
        using var dir = new SampleRunner();
        WriteIdxFolder(dir.Folder, 40, rows, cols, i => (byte)(i * 37 % 256));
        string outDir = Path.Combine(dir.Folder, "out");
        var (code, output) = SampleRunner.Run(command, "--data", dir.Folder, "--steps", "2", "--seeds", "1", "--out", outDir);
        Assert.Equal(SamplesApp.BadInput, code);
        Assert.Contains("takes 28×28 images (784 pixels)", output);
        Assert.Contains($"are {rows}×{cols} ({rows * cols} pixels)", output);
        Assert.False(Directory.Exists(Path.Combine(outDir, "runs")), "no run may start");
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void A_training_set_too_small_to_hold_out_a_validation_split_is_a_clear_error()
    {
        using var dir = new SampleRunner();
        WriteIdxFolder(dir.Folder, 1, 28, 28, i => (byte)(i % 256));
        var (code, output) = SampleRunner.Run("compare", "--data", dir.Folder, "--steps", "1", "--seeds", "1", "--out", Path.Combine(dir.Folder, "out"));
        Assert.Equal(SamplesApp.BadInput, code);
        Assert.Contains("1 training image(s) cannot be split into a training and a validation split", System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "));
    }

    /// <summary>Option values and combinations that overflow or make no sense: each is exit 2 with a message naming the option, before any work.</summary>
    public static TheoryData<string[], string> BadOptions()
    {
        string file = Path.Combine(Path.GetTempPath(), "hypergen-samples-tests-a-file.txt");
        File.WriteAllText(file, "not a folder");
        return new()
        {
            // The issue's case, and the same in every command: the last seed would pass int.MaxValue.
            { ["compare", "--seed", "2147483647", "--seeds", "2"], "--seed 2147483647 with --seeds 2" },
            { ["continual", "--seed", "2147483000", "--seeds", "1000"], "past the largest seed" },
            { ["bayes", "--seed", "2147483647", "--seeds", "2"], "--seed 2147483647 with --seeds 2" },
            { ["compare", "--seed", "99999999999"], "99999999999" },
            { ["compare", "--seed", "-1"], "--seed" },
            { ["compare", "--seeds", "0"], "--seeds" },
            { ["compare", "--seeds", "5000"], "--seeds must be between 1 and 1,000" },
            { ["compare", "--threads", "0"], "--threads" },
            { ["compare", "--threads", "100000"], "--threads" },
            { ["compare", "--device", "gpu"], "gpu" },
            { ["compare", "--steps", "0"], "--steps" },
            { ["compare", "--steps", "2000000"], "--steps must be between 1 and 1,000,000" },
            { ["compare", "--steps", "10", "--epochs", "2"], "give one of them" },
            { ["compare", "--epochs", "2147483647"], "--epochs" },
            { ["compare", "--epochs", "200000", "--data", "embedded"], "more than the limit of 1,000,000 steps" },   // 200,000 × 10 steps per pass
            { ["compare", "--batch-size", "0"], "--batch-size" },
            { ["compare", "--batch-size", "5000", "--data", "embedded"], "--batch-size 5000 is larger than the training split (2,700 images" },
            { ["compare", "--validation", "0"], "--validation" },
            { ["compare", "--validation", "0.9"], "--validation" },
            { ["compare", "--validation", "NaN"], "--validation" },
            { ["compare", "--lr-adam", "1e-3,abc"], "'abc' is not a number" },
            { ["compare", "--lr-adam", "1e-3,,1e-4"], "empty entry" },
            { ["compare", "--lr-sgd", "0"], "--lr-sgd: every learning rate must be in (0, 10]" },
            { ["compare", "--lr-sgd", "-1e-2"], "--lr-sgd" },
            { ["compare", "--lr-sgd", "1e400"], "--lr-sgd" },    // parses to ∞
            { ["compare", "--lr-adam", "NaN"], "--lr-adam" },
            { ["compare", "--lr-extend", "-1"], "--lr-extend must be between 0 and 10; got -1." },
            { ["compare", "--lr-extend", "11"], "--lr-extend must be between 0 and 10; got 11." },
            { ["compare", "--inits", "hyperfan-in,lecun"], "lecun" },
            { ["compare", "--inits", ","], "--inits" },
            { ["compare", "--optimizers", "adam,rmsprop"], "rmsprop" },
            { ["compare", "--out", file], "is a file" },
            { ["compare", "--out", ""], "--out must name a folder" },
            { ["compare", "--tensorboard", file], "--tensorboard" },
            { ["compare", "--data", file], "is a file" },
            { ["continual", "--epochs", "2000000"], "--epochs" },
            { ["continual", "--tasks", "0"], "--tasks" },
            { ["continual", "--tasks", "7"], "--tasks" },
            { ["continual", "--points", "1"], "--points" },
            { ["continual", "--beta", "NaN"], "--beta" },
            { ["continual", "--beta", "0"], "--beta" },
            { ["bayes", "--draws", "100000"], "--draws" },
            { ["bayes", "--samples", "1"], "--samples" },
            { ["bayes", "--samples", "10000000"], "--samples" },
            { ["bayes", "--points", "100000000"], "--points" },
            { ["bayes", "--prior-weight", "-1"], "--prior-weight" },
            { ["bayes", "--prior-weight", "Infinity"], "--prior-weight" },
            { ["bayes", "--lr", "0"], "--lr" },
        };
    }

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void A_bad_option_value_or_combination_is_named_with_exit_2(string[] args, string named)
    {
        using var dir = new SampleRunner();
        string outDir = Path.Combine(dir.Folder, "out");
        var full = args.Contains("--out") ? args : [.. args, "--out", outDir];
        var (code, output) = SampleRunner.Run(full);
        Assert.True(code == SamplesApp.BadInput, $"exit {code}: {output}");
        Assert.Contains(named, System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ")); // long messages wrap
        Assert.DoesNotContain("   at ", output);
        Assert.False(Directory.Exists(Path.Combine(outDir, "runs")), "no run may start");
    }

    [Theory]
    [InlineData("bayes", "--noise-dim")]        // removed: the noise width is BayesHypernet's compile-time Noise attribute
    [InlineData("continual", "--bogus")]
    public void An_unknown_option_is_an_error_not_ignored(string command, string option)
    {
        var (code, output) = SampleRunner.Run(command, option, "8", "--epochs", "1", "--seeds", "1");
        Assert.Equal(SamplesApp.BadInput, code);
        Assert.Contains(option.TrimStart('-'), output);
        Assert.Contains("Unknown option", output);
    }

    [Fact]
    public void Cuda_without_a_cuda_backend_is_a_clear_error()
    {
        var (code, output) = SampleRunner.Run("bayes", "--device", "cuda", "--epochs", "1");
        Assert.Equal(SamplesApp.BadInput, code);
        Assert.Contains("CUDA is not available", output);
    }

    [Fact]
    public void Help_explains_every_option_and_command()
    {
        var (code, output) = SampleRunner.Run("--help");
        Assert.Equal(0, code);
        foreach (var text in new[] { "--device", "--seed", "--seeds", "--epochs", "--out", "--data", "--steps", "--inits", "--optimizers", "--lr-adam", "--lr-sgd", "--lr-extend",
                     "compare", "conv", "continual", "bayes" })
            Assert.Contains(text, output);
        (code, output) = SampleRunner.Run("continual", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--beta", output);
        Assert.Contains("--tasks", output);
        (code, output) = SampleRunner.Run("bayes", "--help");
        Assert.Equal(0, code);
        Assert.Contains("--prior-weight", output);
        Assert.Contains("--draws", output);
    }
}
