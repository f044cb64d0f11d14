using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Threading;
using HyperGen.Samples.Regression;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HyperGen.Samples.Cli;

/// <summary>Options of <c>continual</c>.</summary>
public sealed class ContinualSettings : CommonSettings
{
    protected override string CommandName => "continual";

    [CommandOption("--epochs <N>")]
    [Description("Full-batch Adam steps per task (one step is one pass over the task's data).")]
    [DefaultValue(800)]
    public int Epochs { get; init; } = 800;

    [CommandOption("--tasks <N>")]
    [Description("Number of tasks, 1–6: y = (x − c)³ on [[c − 1, c + 1]] with centres 3 apart around 0. The hypernet has one learned condition per task, " +
        "a compile-time constant: the sample picks the generated ContinualHypernet1 … ContinualHypernet6 by this option.")]
    [DefaultValue(3)]
    public int Tasks { get; init; } = 3;

    [CommandOption("--points <N>")]
    [Description("Training points per task.")]
    [DefaultValue(50)]
    public int Points { get; init; } = 50;

    [CommandOption("--beta <B>")]
    [Description("Strength β of the output regulariser that keeps earlier tasks' generated weights. Every run is repeated with β = 0 for comparison.")]
    [DefaultValue(0.01)]
    public double Beta { get; init; } = 0.01;

    [CommandOption("--lr <LR>")]
    [Description("Adam's learning rate.")]
    [DefaultValue(1e-3)]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The most training points per task.</summary>
    public const int MaxPoints = 100_000;

    public override ValidationResult Validate() => Combine(base.Validate(),
        InRange("--epochs", Epochs, 1, MaxSteps),
        InRange("--tasks", Tasks, 1, ContinualSample.MaxTasks),
        InRange("--points", Points, 2, MaxPoints),
        Beta > 0 && double.IsFinite(Beta) ? ValidationResult.Success() : ValidationResult.Error($"--beta must be a positive number; got {Beta.ToString("R", CultureInfo.InvariantCulture)}."),
        Positive("--lr", LearningRate));
}

/// <summary>Options of <c>bayes</c>.</summary>
public sealed class BayesSettings : CommonSettings
{
    protected override string CommandName => "bayes";

    [CommandOption("--epochs <N>")]
    [Description("Adam steps; each uses all training points with --draws fresh noise vectors.")]
    [DefaultValue(3000)]
    public int Epochs { get; init; } = 3000;

    [CommandOption("--points <N>")]
    [Description("Training points (half on each side of the gap).")]
    [DefaultValue(40)]
    public int Points { get; init; } = 40;

    [CommandOption("--draws <N>")]
    [Description("Noise draws (mainnets) per training step.")]
    [DefaultValue(16)]
    public int Draws { get; init; } = 16;

    [CommandOption("--samples <N>")]
    [Description("Sampled weight sets for the predictive mean and std.")]
    [DefaultValue(200)]
    public int Samples { get; init; } = 200;

    [CommandOption("--prior-weight <W>")]
    [Description("Weight of the anchor (prior) term; 0 drops it, and the draws collapse onto one function.")]
    [DefaultValue(1.0)]
    public double PriorWeight { get; init; } = 1.0;

    [CommandOption("--lr <LR>")]
    [Description("Adam's learning rate.")]
    [DefaultValue(1e-3)]
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The most training points.</summary>
    public const int MaxPoints = 100_000;
    /// <summary>The most noise draws per step: each is a full mainnet in the batched pass.</summary>
    public const int MaxDraws = 4096;
    /// <summary>The most sampled mainnets for the predictive: they are evaluated in one batched pass.</summary>
    public const int MaxSamples = 100_000;

    public override ValidationResult Validate() => Combine(base.Validate(),
        InRange("--epochs", Epochs, 1, MaxSteps),
        InRange("--points", Points, 2, MaxPoints),
        InRange("--draws", Draws, 1, MaxDraws),
        InRange("--samples", Samples, 2, MaxSamples),
        PriorWeight >= 0 && double.IsFinite(PriorWeight) ? ValidationResult.Success() : ValidationResult.Error($"--prior-weight must be a finite number ≥ 0; got {PriorWeight.ToString("R", CultureInfo.InvariantCulture)}."),
        Positive("--lr", LearningRate));
}

/// <summary><c>continual</c>: task-conditioned hypernet with an output regulariser.</summary>
public sealed class ContinualCommand(IAnsiConsole console) : Command<ContinualSettings>
{

    public override int Execute(CommandContext context, ContinualSettings s, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        ContinualSample.Run(new ContinualOptions(s.Tasks, s.Epochs, s.LearningRate, s.Beta, s.Points, s.SeedList, s.OutputFolder, s.ResolveDevice(), s.TensorBoardFolder), console, files);
        console.MarkupLineInterpolated($"Wrote {files.Count} files to [link]{s.OutputFolder}[/].");
        return 0;
    }
}

/// <summary><c>bayes</c>: noise-conditioned hypernet, predictive uncertainty from sampled weights.</summary>
public sealed class BayesCommand(IAnsiConsole console) : Command<BayesSettings>
{
    public override int Execute(CommandContext context, BayesSettings s, CancellationToken cancellationToken)
    {
        var files = new List<string>();
        BayesSample.Run(new BayesOptions(s.Epochs, s.LearningRate, s.Draws, s.Samples, s.Points, s.PriorWeight, s.SeedList, s.OutputFolder, s.ResolveDevice(), s.TensorBoardFolder),
            console, files);
        console.MarkupLineInterpolated($"Wrote {files.Count} files to [link]{s.OutputFolder}[/].");
        return 0;
    }
}
