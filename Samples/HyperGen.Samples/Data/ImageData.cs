using System;
using System.IO;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Samples.Data;

/// <summary>A split of an image data set on one device: standardised pixels <c>[N, rows·cols]</c> (float32) and labels <c>[N]</c> (int64).</summary>
public sealed class ImageSplit : IDisposable
{
    internal ImageSplit(Tensor images, Tensor labels, int rows, int cols)
    {
        Images = images;
        Labels = labels;
        Rows = rows;
        Cols = cols;
    }

    /// <summary>Standardised pixels, one flattened image per row.</summary>
    public Tensor Images { get; }
    /// <summary>Class labels, int64.</summary>
    public Tensor Labels { get; }
    /// <summary>Image height.</summary>
    public int Rows { get; }
    /// <summary>Image width.</summary>
    public int Cols { get; }
    /// <summary>Number of examples.</summary>
    public long Count => Labels.shape[0];

    /// <summary>
    /// The example indices of one epoch, shuffled with <paramref name="generator"/>: slice it into batches and
    /// gather them with <c>index_select</c> (cheaper than a DataLoader by far; torchsharp-notes.md).
    /// </summary>
    public Tensor ShuffledIndices(Generator generator) => randperm(Count, generator: generator).to(Images.device);

    /// <summary>The images of <paramref name="indices"/> with the given per-image shape (e.g. <c>{1, 28, 28}</c>; empty: flat).</summary>
    public Tensor Batch(Tensor indices, long[] imageShape)
    {
        var x = Images.index_select(0, indices);
        return imageShape.Length == 0 ? x : x.view([indices.shape[0], .. imageShape]);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

/// <summary>
/// An MNIST-format data set (train and test split), pixels standardised with the training set's mean and
/// standard deviation so that <c>E[x²] = 1</c> at the mainnet's input, as hyperfan init assumes.
/// </summary>
public sealed class ImageData : IDisposable
{
    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the data.</summary>
    public const string DebianFashionMnist = "/usr/share/datasets/fashion-mnist";

    /// <summary>The <c>--data</c> value that selects the embedded subset.</summary>
    public const string Embedded = "embedded";

    static readonly string[] Files = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    ImageData(string source, ImageSplit train, ImageSplit test, double mean, double std)
    {
        Source = source;
        Train = train;
        Test = test;
        PixelMean = mean;
        PixelStd = std;
    }

    /// <summary>Where the data came from (a folder, or the embedded subset).</summary>
    public string Source { get; }
    /// <summary>The training split.</summary>
    public ImageSplit Train { get; }
    /// <summary>The test split.</summary>
    public ImageSplit Test { get; }
    /// <summary>Mean of the training pixels in [0, 1], subtracted before scaling.</summary>
    public double PixelMean { get; }
    /// <summary>Standard deviation of the training pixels in [0, 1], divided by.</summary>
    public double PixelStd { get; }

    /// <summary>The folder used when <c>--data</c> is not given: Debian's Fashion-MNIST when present, else the embedded subset (null).</summary>
    public static string? DefaultFolder() => Directory.Exists(DebianFashionMnist) ? DebianFashionMnist : null;

    /// <summary>
    /// Loads <paramref name="folder"/> (null: <see cref="DefaultFolder"/>; <c>"embedded"</c>: the embedded subset) onto <paramref name="device"/>.
    /// </summary>
    /// <param name="folder">An MNIST-format IDX folder, gzip or not.</param>
    /// <param name="device">Where the tensors live.</param>
    /// <param name="trainLimit">Keep only the first N training examples (0: all).</param>
    /// <exception cref="SampleException">The folder or a file is missing or malformed; the message names it.</exception>
    public static ImageData Load(string? folder, Device device, int trainLimit = 0)
    {
        folder ??= DefaultFolder() ?? Embedded;
        if (string.Equals(folder, Embedded, StringComparison.OrdinalIgnoreCase))
            return FromContents("embedded Fashion-MNIST subset (3,000 train / 1,000 test images)",
                Files.Select(ReadEmbedded).ToArray(), device, trainLimit);
        if (!Directory.Exists(folder))
            throw new SampleException($"The data folder '{folder}' does not exist. Pass --data with a folder of MNIST-format IDX files " +
                $"({string.Join(", ", Files)}, optionally .gz), or --data {Embedded} for the subset built into the samples.");
        var contents = Files.Select(f => ReadFile(folder, f)).ToArray();
        return FromContents(Path.GetFullPath(folder), contents, device, trainLimit);
    }

    static Idx.Content ReadFile(string folder, string stem)
    {
        // MNIST mirrors spell the files either train-images-idx3-ubyte or train-images.idx3-ubyte, gzip or not.
        string dotted = stem.Replace("-idx", ".idx", StringComparison.Ordinal);
        string[] candidates = [stem + ".gz", stem, dotted + ".gz", dotted];
        foreach (var name in candidates)
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                try
                {
                    return Idx.Read(path);
                }
                catch (InvalidDataException e)
                {
                    throw new SampleException($"Cannot read '{path}': {e.Message}");
                }
            }
        }
        throw new SampleException($"The data folder '{Path.GetFullPath(folder)}' has no '{stem}.gz' (nor '{stem}', '{dotted}.gz', '{dotted}'). " +
            $"An MNIST-format folder holds {string.Join(", ", Files.Select(f => f + "[.gz]"))}.");
    }

    static Idx.Content ReadEmbedded(string stem)
    {
        string resource = $"HyperGen.Samples.Data.FashionMnistSubset.{stem}.gz";
        using var stream = typeof(ImageData).Assembly.GetManifestResourceStream(resource)
            ?? throw new SampleException($"The embedded data resource '{resource}' is missing from this build.");
        return Idx.Read(stream, resource);
    }

    static ImageData FromContents(string source, Idx.Content[] c, Device device, int trainLimit)
    {
        var (trainImages, trainLabels, testImages, testLabels) = (c[0], c[1], c[2], c[3]);
        Check(trainImages, trainLabels, "train");
        Check(testImages, testLabels, "t10k");
        if (testImages.Dimensions[1] != trainImages.Dimensions[1] || testImages.Dimensions[2] != trainImages.Dimensions[2])
            throw new SampleException($"{source}: training images are {trainImages.Dimensions[1]}×{trainImages.Dimensions[2]} but test images are " +
                $"{testImages.Dimensions[1]}×{testImages.Dimensions[2]}.");
        int rows = trainImages.Dimensions[1], cols = trainImages.Dimensions[2];
        int trainCount = trainImages.Dimensions[0];
        if (trainLimit > 0 && trainLimit < trainCount)
            trainCount = trainLimit;

        using var scope = NewDisposeScope();
        var trainPixels = Pixels(trainImages, trainCount, rows * cols);
        double mean = trainPixels.mean().item<float>();
        double std = trainPixels.std().item<float>();
        var train = new ImageSplit(Standardise(trainPixels, mean, std).to(device).MoveToOuterDisposeScope(),
            Labels(trainLabels, trainCount).to(device).MoveToOuterDisposeScope(), rows, cols);
        var testPixels = Pixels(testImages, testImages.Dimensions[0], rows * cols);
        var test = new ImageSplit(Standardise(testPixels, mean, std).to(device).MoveToOuterDisposeScope(),
            Labels(testLabels, testLabels.Dimensions[0]).to(device).MoveToOuterDisposeScope(), rows, cols);
        return new ImageData(source, train, test, mean, std);
    }

    static void Check(Idx.Content images, Idx.Content labels, string split)
    {
        if (images.Dimensions.Length != 3)
            throw new SampleException($"{split}-images must be a 3-D IDX file [count, rows, cols]; got {images.Dimensions.Length} dimensions.");
        if (labels.Dimensions.Length != 1)
            throw new SampleException($"{split}-labels must be a 1-D IDX file; got {labels.Dimensions.Length} dimensions.");
        if (images.Dimensions[0] != labels.Dimensions[0])
            throw new SampleException($"{split}: {images.Dimensions[0]} images but {labels.Dimensions[0]} labels.");
        int max = labels.Data.Max();
        if (max > 9)
            throw new SampleException($"{split}-labels: found label {max}; MNIST-format classes are 0–9.");
    }

    static Tensor Pixels(Idx.Content images, int count, int size)
    {
        var bytes = tensor(images.Data.AsSpan(0, count * size).ToArray(), [count, size], ScalarType.Byte);
        return bytes.to(ScalarType.Float32).div_(255f);
    }

    static Tensor Standardise(Tensor pixels, double mean, double std) => pixels.sub((float)mean).div_((float)std);

    static Tensor Labels(Idx.Content labels, int count)
        => tensor(labels.Data.AsSpan(0, count).ToArray(), [count], ScalarType.Byte).to(ScalarType.Int64);

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
