using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using HyperGen.Samples.Models;
using HyperGen.Samples.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace HyperGen.Samples.Cli;

/// <summary>Options every sample takes.</summary>
public class CommonSettings : CommandSettings
{
    [CommandOption("--device <DEVICE>")]
    [Description("Where to train: [green]cpu[/] or [green]cuda[/] (cuda needs a TorchSharp CUDA backend package in place of TorchSharp-cpu).")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--seed <N>")]
    [Description("First random seed. It fixes the initialisation and the batch order; every init of one seed starts from the same embeddings and sees the same batches.")]
    [DefaultValue(1)]
    public int Seed { get; init; } = 1;

    [CommandOption("--seeds <N>")]
    [Description("How many seeds to run (--seed, --seed+1, …); tables and curves average over them.")]
    [DefaultValue(3)]
    public int Seeds { get; init; } = 3;

    [CommandOption("--threads <N>")]
    [Description("CPU threads for TorchSharp's intra-op parallelism. 1 is as fast as 2 at these sizes and far faster when the cores are shared: OpenMP's spinning threads slow down 4× under load.")]
    [DefaultValue(1)]
    public int Threads { get; init; } = 1;

    [CommandOption("--out <DIR>")]
    [Description("Folder for CSVs, reports and PNG plots. Default: [green]out/<command>[/] under the current folder.")]
    public string? Out { get; init; }

    /// <summary>The command's name, for the default output folder.</summary>
    protected virtual string CommandName => "sample";

    /// <summary>The output folder, absolute.</summary>
    public string OutputFolder => Path.GetFullPath(Out ?? Path.Combine("out", CommandName));

    /// <summary>The seeds to run.</summary>
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

    public override ValidationResult Validate()
    {
        if (!Device.Equals("cpu", StringComparison.OrdinalIgnoreCase) && !Device.Equals("cuda", StringComparison.OrdinalIgnoreCase))
            return ValidationResult.Error($"--device must be cpu or cuda; got '{Device}'.");
        if (Seeds < 1)
            return ValidationResult.Error($"--seeds must be at least 1; got {Seeds}.");
        if (Threads < 1)
            return ValidationResult.Error($"--threads must be at least 1; got {Threads}.");
        if (Seed < 0)
            return ValidationResult.Error($"--seed must be ≥ 0; got {Seed}.");
        if (Out is { Length: 0 })
            return ValidationResult.Error("--out must name a folder; got an empty string.");
        return ValidationResult.Success();
    }

    protected static ValidationResult Positive(string option, double value) => value > 0 && double.IsFinite(value)
        ? ValidationResult.Success()
        : ValidationResult.Error($"{option} must be a positive number; got {value.ToString("R", CultureInfo.InvariantCulture)}.");

    protected static ValidationResult Combine(params ValidationResult[] results) => results.FirstOrDefault(r => !r.Successful) ?? ValidationResult.Success();
}

/// <summary>Options of the samples that train on MNIST-format images.</summary>
public class ImageSettings : CommonSettings
{
    [CommandOption("--data <DIR>")]
    [Description("A folder of MNIST-format IDX files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; gzip or not). " +
        "Default: [green]/usr/share/datasets/fashion-mnist[/] when present (Debian package dataset-fashion-mnist), else the embedded 3,000/1,000-image Fashion-MNIST subset; " +
        "[green]embedded[/] forces the subset.")]
    public string? Data { get; init; }

    [CommandOption("--epochs <N>")]
    [Description("Passes over the training set per run (a run also stops at --steps).")]
    [DefaultValue(1)]
    public int Epochs { get; init; } = 1;

    [CommandOption("--steps <N>")]
    [Description("Stop each run after N optimiser steps; 0 = run all --epochs.")]
    [DefaultValue(60)]
    public int Steps { get; init; } = 60;

    [CommandOption("--batch-size <N>")]
    [Description("Examples per step.")]
    [DefaultValue(256)]
    public int BatchSize { get; init; } = 256;

    [CommandOption("--optimizers <LIST>")]
    [Description("Comma-separated: [green]adam[/], [green]sgd[/] (plain SGD, no momentum).")]
    [DefaultValue("adam,sgd")]
    public string Optimizers { get; init; } = "adam,sgd";

    [CommandOption("--lr-adam <LR>")]
    [Description("Adam's learning rate, the same for every init.")]
    [DefaultValue(3e-4)]
    public double LearningRateAdam { get; init; } = 3e-4;

    [CommandOption("--lr-sgd <LR>")]
    [Description("SGD's learning rate, the same for every init.")]
    [DefaultValue(1e-2)]
    public double LearningRateSgd { get; init; } = 1e-2;

    [CommandOption("--inits <LIST>")]
    [Description("Comma-separated head inits: [green]hyperfan-in[/] (expected V_e), [green]hyperfan-out[/], [green]harmonic[/], [green]calibrated[/] (hyperfan-in with V_e measured at init), " +
        "[green]xavier[/] and [green]kaiming[/] (classical init applied to the hypernet's heads), or [green]all[/]. Default: all for compare, calibrated,kaiming for conv.")]
    public string? Inits { get; init; }

    /// <summary>The inits this command runs when --inits is not given.</summary>
    protected virtual string DefaultInits => "all";

    /// <summary>The parsed --inits.</summary>
    public InitChoice[] InitList => ParseInits(Inits ?? DefaultInits, out _)!;

    /// <summary>The parsed --optimizers.</summary>
    public OptimizerKind[] OptimizerList => ParseOptimizers(Optimizers, out _)!;

    /// <summary>The learning rate of <paramref name="optimizer"/>.</summary>
    public double LearningRate(OptimizerKind optimizer) => optimizer == OptimizerKind.Adam ? LearningRateAdam : LearningRateSgd;

    public override ValidationResult Validate() => Combine(
        base.Validate(),
        Epochs >= 1 ? ValidationResult.Success() : ValidationResult.Error($"--epochs must be at least 1; got {Epochs}."),
        Steps >= 0 ? ValidationResult.Success() : ValidationResult.Error($"--steps must be ≥ 0 (0 = no limit); got {Steps}."),
        BatchSize >= 1 ? ValidationResult.Success() : ValidationResult.Error($"--batch-size must be at least 1; got {BatchSize}."),
        Positive("--lr-adam", LearningRateAdam),
        Positive("--lr-sgd", LearningRateSgd),
        ParseInits(Inits ?? DefaultInits, out var initError) is null ? ValidationResult.Error(initError!) : ValidationResult.Success(),
        ParseOptimizers(Optimizers, out var optError) is null ? ValidationResult.Error(optError!) : ValidationResult.Success());

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
