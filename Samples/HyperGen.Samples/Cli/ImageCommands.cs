using System.Threading;
using HyperGen.Samples.Models;
using HyperGen.Samples.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HyperGen.Samples.Cli;

/// <summary><c>compare</c>: the paper's feedforward experiment, every head init × Adam/SGD × seeds.</summary>
public sealed class CompareCommand(IAnsiConsole console) : Command<CompareSettings>
{
    /// <summary>The generated 784-300-100-10 hypernet on flat images.</summary>
    public static ComparisonSetup Setup { get; } = new("MnistHypernet", "784-300-100-10 ReLU mainnet", () => new MnistHypernet(), [], 28, 28);

    public override int Execute(CommandContext context, CompareSettings settings, CancellationToken cancellationToken)
        => Comparison.Run(Setup, settings, console).ExitCode(console);
}

/// <summary><c>conv</c>: a generated convolutional hypernet on the same data, hyperfan against Kaiming on the heads.</summary>
public sealed class ConvCommand(IAnsiConsole console) : Command<ConvSettings>
{
    /// <summary>The generated conv hypernet on 1×28×28 images.</summary>
    public static ComparisonSetup Setup { get; } = new("ConvHypernet", "conv3×3×16, max-pool, conv3×3×32, max-pool, linear mainnet", () => new ConvHypernet(), [1, 28, 28], 28, 28);

    public override int Execute(CommandContext context, ConvSettings settings, CancellationToken cancellationToken)
        => Comparison.Run(Setup, settings, console).ExitCode(console);
}
