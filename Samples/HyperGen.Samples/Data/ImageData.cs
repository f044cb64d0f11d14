using System;
using System.Globalization;
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

    ImageData(string source, ImageSplit train, ImageSplit validation, ImageSplit test, double mean, double std)
    {
        Source = source;
        Train = train;
        Validation = validation;
        Test = test;
        PixelMean = mean;
        PixelStd = std;
    }

    /// <summary>Where the data came from (a folder, or the embedded subset).</summary>
    public string Source { get; }
    /// <summary>The training split (the training images less the validation split).</summary>
    public ImageSplit Train { get; }
    /// <summary>Held out from the training images: what learning rates are picked on (never the test split).</summary>
    public ImageSplit Validation { get; }
    /// <summary>The test split.</summary>
    public ImageSplit Test { get; }
    /// <summary>Seed of the draw that splits the training images into training and validation: fixed, so every run and seed sees the same split.</summary>
    public const int SplitSeed = 20_200_523;

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
    /// <param name="validationFraction">Fraction of the training images held out as the validation split, in (0, 1).</param>
    /// <exception cref="SampleException">The folder or a file is missing or malformed, or the images cannot be standardised; the message names it.</exception>
    public static ImageData Load(string? folder, Device device, double validationFraction = 0.1)
    {
        folder ??= DefaultFolder() ?? Embedded;
        if (string.Equals(folder, Embedded, StringComparison.OrdinalIgnoreCase))
            return FromContents("embedded Fashion-MNIST subset (3,000 train / 1,000 test images)",
                Files.Select(ReadEmbedded).ToArray(), device, validationFraction);
        if (File.Exists(folder))
            throw new SampleException($"The data folder '{folder}' is a file. Pass --data with a folder of MNIST-format IDX files " +
                $"({string.Join(", ", Files)}, optionally .gz), or --data {Embedded} for the subset built into the samples.");
        if (!Directory.Exists(folder))
            throw new SampleException($"The data folder '{folder}' does not exist. Pass --data with a folder of MNIST-format IDX files " +
                $"({string.Join(", ", Files)}, optionally .gz), or --data {Embedded} for the subset built into the samples.");
        var contents = Files.Select(f => ReadFile(folder, f)).ToArray();
        return FromContents(Path.GetFullPath(folder), contents, device, validationFraction);
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

    static ImageData FromContents(string source, Idx.Content[] c, Device device, double validationFraction)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must lie in (0, 1).");
        var (trainImages, trainLabels, testImages, testLabels) = (c[0], c[1], c[2], c[3]);
        Check(trainImages, trainLabels, "train");
        Check(testImages, testLabels, "t10k");
        if (testImages.Dimensions[1] != trainImages.Dimensions[1] || testImages.Dimensions[2] != trainImages.Dimensions[2])
            throw new SampleException($"{source}: training images are {trainImages.Dimensions[1]}×{trainImages.Dimensions[2]} but test images are " +
                $"{testImages.Dimensions[1]}×{testImages.Dimensions[2]}.");
        int rows = trainImages.Dimensions[1], cols = trainImages.Dimensions[2];
        int all = trainImages.Dimensions[0];
        int validationCount = (int)Math.Round(all * validationFraction);
        if (validationCount < 1 || all - validationCount < 1)
            throw new SampleException($"{source}: {all:N0} training image(s) cannot be split into a training and a validation split " +
                $"(--validation {validationFraction.ToString("R", CultureInfo.InvariantCulture)} holds out {validationCount}); at least one image must land in each.");

        using var scope = NewDisposeScope();
        var pixels = Pixels(trainImages, all, rows * cols);
        var labels = Labels(trainLabels, all);
        // A fixed draw splits the training images, so the validation split is the same for every run and seed.
        using var split = new Generator(SplitSeed);
        var order = randperm(all, generator: split);
        var trainIndex = order.narrow(0, 0, all - validationCount);
        var validationIndex = order.narrow(0, all - validationCount, validationCount);
        var trainPixels = pixels.index_select(0, trainIndex);
        double mean = trainPixels.mean().item<float>();
        double std = trainPixels.std().item<float>();
        if (!(std > 0) || !double.IsFinite(std))
            throw new SampleException($"{source}: every pixel of the {all - validationCount:N0} training images has the value {Math.Round(mean * 255)} " +
                "(pixel standard deviation 0), so the images cannot be standardised to E[x²] = 1 and nothing could be learnt from them. " +
                "Check that train-images-idx3-ubyte holds the real images.");
        ImageSplit Split(Tensor images, Tensor labelsOf) => new(Standardise(images, mean, std).to(device).MoveToOuterDisposeScope(),
            labelsOf.to(device).MoveToOuterDisposeScope(), rows, cols);
        var train = Split(trainPixels, labels.index_select(0, trainIndex));
        var validation = Split(pixels.index_select(0, validationIndex), labels.index_select(0, validationIndex));
        var test = Split(Pixels(testImages, testImages.Dimensions[0], rows * cols), Labels(testLabels, testLabels.Dimensions[0]));
        return new ImageData(source, train, validation, test, mean, std);
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
        Validation.Dispose();
        Test.Dispose();
    }
}
