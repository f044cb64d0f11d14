using System;
using System.IO;
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
        Assert.Equal(3000, data.Train.Count);
        Assert.Equal(1000, data.Test.Count);
        Assert.Equal(new long[] { 3000, 784 }, data.Train.Images.shape);
        Assert.Equal(ScalarType.Int64, data.Train.Labels.dtype);
        Assert.True(data.Train.Images.allclose(embedded.Train.Images));
        Assert.True(data.Test.Labels.equal(embedded.Test.Labels).all().item<bool>());
        // Standardised: E[x²] = 1 on the training images, as hyperfan init assumes at the mainnet's input.
        Assert.InRange(data.Train.Images.square().mean().item<float>(), 0.999, 1.001);
        Assert.InRange(data.Train.Images.mean().item<float>(), -1e-3, 1e-3);
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

    [Theory]
    [InlineData("--device", "gpu", "gpu")]
    [InlineData("--inits", "hyperfan-in,lecun", "lecun")]
    [InlineData("--optimizers", "adam,rmsprop", "rmsprop")]
    [InlineData("--seeds", "0", "--seeds")]
    [InlineData("--lr-sgd", "-1", "--lr-sgd")]
    [InlineData("--steps", "-5", "--steps")]
    public void A_bad_option_value_is_named_with_a_non_zero_exit(string option, string value, string named)
    {
        var (code, output) = SampleRunner.Run("compare", option, value, "--data", "embedded");
        Assert.NotEqual(0, code);
        Assert.Contains(named, output);
        Assert.DoesNotContain("   at ", output);
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
        foreach (var text in new[] { "--device", "--seed", "--seeds", "--epochs", "--out", "--data", "--steps", "--inits", "--optimizers", "--lr-adam", "--lr-sgd",
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
