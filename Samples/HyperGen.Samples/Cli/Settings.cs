using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using HyperGen.Samples.Data;
using HyperGen.Samples.Models;
using HyperGen.Samples.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace HyperGen.Samples.Cli;

/// <summary>Options every sample takes.</summary>
public class CommonSettings : CommandSettings
{
    /// <summary>The most seeds one command runs: every seed is a full set of runs.</summary>
    public const int MaxSeeds = 1000;
    /// <summary>The most TorchSharp threads accepted.</summary>
    public const int MaxThreads = 256;
    /// <summary>The most optimiser steps per run: per-step losses are kept in memory, and a longer run is not a sample.</summary>
    public const int MaxSteps = 1_000_000;

    [CommandOption("--device <DEVICE>")]
    [Description("Where to train: [green]cpu[/] or [green]cuda[/] (cuda needs a TorchSharp CUDA backend package in place of TorchSharp-cpu).")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--seed <N>")]
    [Description("First random seed. It fixes the initialisation and the batch order; every init of one seed starts from the same embeddings and sees the same batches.")]
    [DefaultValue(1)]
    public int Seed { get; init; } = 1;

    [CommandOption("--seeds <N>")]
    [Description("How many seeds to run (--seed, --seed+1, …); tables and plots show their mean and spread.")]
    [DefaultValue(3)]
    public int Seeds { get; init; } = 3;

    [CommandOption("--threads <N>")]
    [Description("CPU threads for TorchSharp's intra-op parallelism. 1 is as fast as 2 at these sizes and far faster when the cores are shared: OpenMP's spinning threads slow down 4× under load.")]
    [DefaultValue(1)]
    public int Threads { get; init; } = 1;

    [CommandOption("--out <DIR>")]
    [Description("Folder for CSVs, reports and PNG plots. Default: [green]out/<command>[/] under the current folder.")]
    public string? Out { get; init; }

    [CommandOption("--tensorboard <DIR>")]
    [Description("Also write TensorBoard event files (TorchSharp's SummaryWriter) to DIR, one subfolder per run: view with [green]tensorboard --logdir DIR[/].")]
    public string? TensorBoard { get; init; }

    /// <summary>The command's name, for the default output folder.</summary>
    protected virtual string CommandName => "sample";

    /// <summary>The output folder, absolute.</summary>
    public string OutputFolder => Path.GetFullPath(Out ?? Path.Combine("out", CommandName));

    /// <summary>The TensorBoard folder, absolute; null when not asked for.</summary>
    public string? TensorBoardFolder => TensorBoard is null ? null : Path.GetFullPath(TensorBoard);

    /// <summary>The seeds to run (<see cref="Validate"/> has checked that the last one fits an <c>int</c>).</summary>
    public int[] SeedList => Enumerable.Range(Seed, Seeds).ToArray();

    /// <summary>The TorchSharp device; also applies --threads.</summary>
    /// <exception cref="SampleException">CUDA was asked for but is not available.</exception>
    public Device ResolveDevice()
    {
        set_num_threads(Threads);
        if (Device.Equals("cuda", StringComparison.OrdinalIgnoreCase))
        {
            if (!cuda.is_available())
                throw new SampleException("--device cuda: CUDA is not available to TorchSharp here (the samples reference TorchSharp-cpu; " +
                    "reference a TorchSharp CUDA backend package such as TorchSharp-cuda-linux instead, on a machine with an NVIDIA GPU).");
            return CUDA;
        }
        return CPU;
    }

    public override ValidationResult Validate() => Combine(
        Device.Equals("cpu", StringComparison.OrdinalIgnoreCase) || Device.Equals("cuda", StringComparison.OrdinalIgnoreCase)
            ? ValidationResult.Success() : ValidationResult.Error($"--device must be cpu or cuda; got '{Device}'."),
        InRange("--seeds", Seeds, 1, MaxSeeds),
        InRange("--threads", Threads, 1, MaxThreads),
        InRange("--seed", Seed, 0, int.MaxValue),
        // Seeds run --seed … --seed + --seeds − 1: the last one must still be an int (Enumerable.Range would throw).
        (long)Seed + Seeds - 1 <= int.MaxValue ? ValidationResult.Success()
            : ValidationResult.Error($"--seed {Seed} with --seeds {Seeds} would run seeds up to {(long)Seed + Seeds - 1}, past the largest seed {int.MaxValue}; lower --seed or --seeds."),
        Folder("--out", Out),
        Folder("--tensorboard", TensorBoard));

    /// <summary>A folder option: not empty, and not the path of an existing file.</summary>
    protected static ValidationResult Folder(string option, string? path)
    {
        if (path is null)
            return ValidationResult.Success();
        if (string.IsNullOrWhiteSpace(path))
            return ValidationResult.Error($"{option} must name a folder; got an empty string.");
        if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            return ValidationResult.Error($"{option} '{path}' is not a valid path.");
        if (File.Exists(path))
            return ValidationResult.Error($"{option} '{path}' is a file; it must name a folder (existing or to be created).");
        return ValidationResult.Success();
    }

    /// <summary>An integer option within [min, max], named in the message.</summary>
    protected static ValidationResult InRange(string option, long value, long min, long max) => value >= min && value <= max
        ? ValidationResult.Success()
        : ValidationResult.Error(max == int.MaxValue || max == long.MaxValue
            ? $"{option} must be at least {min}; got {value}."
            : $"{option} must be between {min} and {max:N0}; got {value}.");

    protected static ValidationResult Positive(string option, double value) => value > 0 && double.IsFinite(value)
        ? ValidationResult.Success()
        : ValidationResult.Error($"{option} must be a positive number; got {value.ToString("R", CultureInfo.InvariantCulture)}.");

    protected static ValidationResult Combine(params ValidationResult[] results) => results.FirstOrDefault(r => !r.Successful) ?? ValidationResult.Success();
}

/// <summary>Options of the samples that train on MNIST-format images.</summary>
public class ImageSettings : CommonSettings
{
    /// <summary>Optimiser steps per run when neither --steps nor --epochs is given.</summary>
    public const int DefaultSteps = 100;

    [CommandOption("--data <DIR>")]
    [Description("A folder of MNIST-format IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; gzip or not). " +
        "Default: [green]/usr/share/datasets/fashion-mnist[/] when present (Debian package dataset-fashion-mnist), else the embedded 3,000/1,000-image Fashion-MNIST subset; " +
        "[green]embedded[/] forces the subset.")]
    public string? Data { get; init; }

    [CommandOption("--steps <N>")]
    [Description("Optimiser steps per run (batches cycle through the training split, reshuffled every pass). Default: 100.")]
    public int? Steps { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Instead of --steps: this many passes over the training split.")]
    public int? Epochs { get; init; }

    [CommandOption("--batch-size <N>")]
    [Description("Examples per step (at most the training split's size).")]
    [DefaultValue(256)]
    public int BatchSize { get; init; } = 256;

    [CommandOption("--validation <FRACTION>")]
    [Description("Fraction of the training images held out as a validation split (a fixed draw, the same for every run): the learning rate of each init is picked on it, never on the test set.")]
    [DefaultValue(0.1)]
    public double Validation { get; init; } = 0.1;

    [CommandOption("--optimizers <LIST>")]
    [Description("Comma-separated: [green]adam[/], [green]sgd[/] (plain SGD, no momentum).")]
    [DefaultValue("adam,sgd")]
    public string Optimizers { get; init; } = "adam,sgd";

    [CommandOption("--lr-adam <LIST>")]
    [Description("Adam's learning rates, comma-separated. With more than one, every init picks its own: each rate trains the first seed for the full budget, " +
        "and the lowest validation loss wins (the same grid and budget for every init). One value: that rate for every init, no sweep.")]
    [DefaultValue("3e-5,1e-4,3e-4,1e-3,3e-3")]
    public string LearningRatesAdam { get; init; } = "3e-5,1e-4,3e-4,1e-3,3e-3";

    [CommandOption("--lr-sgd <LIST>")]
    [Description("SGD's learning rates, comma-separated; picked per init like --lr-adam.")]
    [DefaultValue("1e-3,3e-3,1e-2,3e-2")]
    public string LearningRatesSgd { get; init; } = "1e-3,3e-3,1e-2,3e-2";

    [CommandOption("--lr-extend <N>")]
    [Description("When an init's best rate is at an end of its grid, try up to N more rates beyond that end, one at a time and with the grid's spacing " +
        "(on a 1-3 grid such as 1e-4,3e-4,1e-3 it stays on it), so no init is held back by where the grid stops. 0: the grid only.")]
    [DefaultValue(2)]
    public int LearningRateExtension { get; init; } = 2;

    /// <summary>The most rates <c>--lr-extend</c> may add beyond one end of a grid.</summary>
    public const int MaxLearningRateExtension = 10;

    [CommandOption("--inits <LIST>")]
    [Description("Comma-separated head inits: [green]hyperfan-in[/] (expected V_e), [green]hyperfan-out[/], [green]harmonic[/], [green]calibrated[/] (hyperfan-in with V_e measured at init), " +
        "[green]xavier[/] and [green]kaiming[/] (classical init applied to the hypernet's heads), or [green]all[/]. Default: hyperfan-in,xavier,kaiming for compare, calibrated,kaiming for conv.")]
    public string? Inits { get; init; }

    /// <summary>The inits this command runs when --inits is not given.</summary>
    protected virtual string DefaultInits => "hyperfan-in,xavier,kaiming";

    /// <summary>The parsed --inits.</summary>
    public InitChoice[] InitList => ParseInits(Inits ?? DefaultInits, out _)!;

    /// <summary>The parsed --optimizers.</summary>
    public OptimizerKind[] OptimizerList => ParseOptimizers(Optimizers, out _)!;

    /// <summary>The learning-rate grid of <paramref name="optimizer"/> (one value: no sweep).</summary>
    public double[] LearningRates(OptimizerKind optimizer) =>
        ParseRates(optimizer == OptimizerKind.Adam ? "--lr-adam" : "--lr-sgd", optimizer == OptimizerKind.Adam ? LearningRatesAdam : LearningRatesSgd, out _)!;

    /// <summary>Steps per run on a training split of <paramref name="trainCount"/> examples.</summary>
    /// <exception cref="SampleException">--epochs asks for more than <see cref="CommonSettings.MaxSteps"/> steps on this data.</exception>
    public int StepsFor(long trainCount)
    {
        if (Epochs is not { } epochs)
            return Steps ?? DefaultSteps;
        long perEpoch = Math.Max(1, trainCount / Math.Max(1, BatchSize));
        long total = perEpoch * epochs; // both < 2³¹: no overflow in a long
        if (total > MaxSteps)
            throw new SampleException($"--epochs {epochs} is {total:N0} steps of {BatchSize} on {trainCount:N0} training images, more than the limit of {MaxSteps:N0} steps per run; use fewer epochs.");
        return (int)total;
    }

    public override ValidationResult Validate() => Combine(
        base.Validate(),
        Steps is not null && Epochs is not null
            ? ValidationResult.Error($"--steps {Steps} and --epochs {Epochs} both set the length of a run; give one of them.") : ValidationResult.Success(),
        Steps is { } steps ? InRange("--steps", steps, 1, MaxSteps) : ValidationResult.Success(),
        Epochs is { } epochs ? InRange("--epochs", epochs, 1, MaxSteps) : ValidationResult.Success(),
        InRange("--batch-size", BatchSize, 1, int.MaxValue),
        Validation > 0 && Validation <= 0.5 ? ValidationResult.Success()
            : ValidationResult.Error($"--validation must be a fraction in (0, 0.5]; got {Validation.ToString("R", CultureInfo.InvariantCulture)}."),
        InRange("--lr-extend", LearningRateExtension, 0, MaxLearningRateExtension),
        ParseRates("--lr-adam", LearningRatesAdam, out var adamError) is null ? ValidationResult.Error(adamError!) : ValidationResult.Success(),
        ParseRates("--lr-sgd", LearningRatesSgd, out var sgdError) is null ? ValidationResult.Error(sgdError!) : ValidationResult.Success(),
        ParseInits(Inits ?? DefaultInits, out var initError) is null ? ValidationResult.Error(initError!) : ValidationResult.Success(),
        ParseOptimizers(Optimizers, out var optError) is null ? ValidationResult.Error(optError!) : ValidationResult.Success(),
        Data is { } data && !data.Equals(ImageData.Embedded, StringComparison.OrdinalIgnoreCase) && File.Exists(data)
            ? ValidationResult.Error($"--data '{data}' is a file; it must name a folder of MNIST-format IDX files (or '{ImageData.Embedded}').") : ValidationResult.Success());

    /// <summary>The largest learning rate accepted: anything above makes every run diverge at once.</summary>
    public const double MaxLearningRate = 10;

    static double[]? ParseRates(string option, string text, out string? error)
    {
        error = null;
        var rates = new System.Collections.Generic.List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate))
            {
                error = part.Length == 0
                    ? $"{option} '{text}' has an empty entry; give comma-separated learning rates such as 1e-4,3e-4,1e-3."
                    : $"{option}: '{part}' is not a number.";
                return null;
            }
            if (!(rate > 0 && rate <= MaxLearningRate))
            {
                error = $"{option}: every learning rate must be in (0, {MaxLearningRate}]; got {part}.";
                return null;
            }
            if (!rates.Contains(rate))
                rates.Add(rate);
        }
        rates.Sort();
        return rates.ToArray();
    }

    static InitChoice[]? ParseInits(string text, out string? error)
    {
        error = null;
        if (text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
            return InitChoices.All.ToArray();
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = new System.Collections.Generic.List<InitChoice>();
        foreach (var part in parts)
        {
            if (InitChoices.Parse(part) is not { } init)
            {
                error = $"--inits: unknown init '{part}'. Known: {string.Join(", ", InitChoices.All.Select(i => i.Name()))}, all.";
                return null;
            }
            if (!list.Contains(init))
                list.Add(init);
        }
        if (list.Count == 0)
            error = "--inits must name at least one init.";
        return list.Count == 0 ? null : list.ToArray();
    }

    static OptimizerKind[]? ParseOptimizers(string text, out string? error)
    {
        error = null;
        var list = new System.Collections.Generic.List<OptimizerKind>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            OptimizerKind? kind = part.ToLowerInvariant() switch { "adam" => OptimizerKind.Adam, "sgd" => OptimizerKind.Sgd, _ => null };
            if (kind is null)
            {
                error = $"--optimizers: unknown optimiser '{part}'. Known: adam, sgd.";
                return null;
            }
            if (!list.Contains(kind.Value))
                list.Add(kind.Value);
        }
        if (list.Count == 0)
            error = "--optimizers must name at least one optimiser (adam, sgd).";
        return list.Count == 0 ? null : list.ToArray();
    }
}

/// <summary>Options of <c>compare</c>.</summary>
public sealed class CompareSettings : ImageSettings
{
    protected override string CommandName => "compare";
}

/// <summary>Options of <c>conv</c>.</summary>
public sealed class ConvSettings : ImageSettings
{
    protected override string CommandName => "conv";
    protected override string DefaultInits => "calibrated,kaiming";
}
