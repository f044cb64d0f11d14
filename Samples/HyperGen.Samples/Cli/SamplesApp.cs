using System;
using System.IO;
using HyperGen.Memory;
using Spectre.Console;
using Spectre.Console.Cli;

namespace HyperGen.Samples.Cli;

/// <summary>The samples' command line, callable in-process (tests pass their own console).</summary>
public static class SamplesApp
{
    /// <summary>Exit code for bad input (options, data files).</summary>
    public const int BadInput = 2;
    /// <summary>Exit code for a failure inside a sample.</summary>
    public const int Failure = 1;

    /// <summary>Parses <paramref name="args"/> and runs the chosen sample, writing to <paramref name="console"/> (null: the terminal).</summary>
    /// <returns>0 on success, <see cref="BadInput"/> for a bad option or data file, <see cref="Failure"/> otherwise.</returns>
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        // Bounded allocator tuning (docs/benchmarks/train-step.md); ImageTraining trims between runs. HYPERGEN_SAMPLES_MALLOPT=0 opts out.
        if (Environment.GetEnvironmentVariable("HYPERGEN_SAMPLES_MALLOPT") != "0")
            NativeAllocator.KeepFreedBlocks();
        var app = new CommandApp<CompareCommand>();
        app.Configure(config =>
        {
            config.SetApplicationName("HyperGen.Samples");
            config.ConfigureConsole(console);
            config.Settings.ShowOptionDefaultValues = true;
            // An unknown option is an error, not silently ignored (e.g. bayes's former --noise-dim: the noise width is now
            // BayesHypernet's compile-time Noise attribute).
            config.UseStrictParsing();
            config.SetExceptionHandler((e, _) => Report(e, console));
            config.AddCommand<CompareCommand>("compare")
                .WithDescription("[bold](default)[/] Train the generated 784-300-100-10 ReLU hypernet with every head init — hyperfan-in, hyperfan-out, harmonic, calibrated, " +
                    "Xavier on heads, Kaiming on heads — with Adam and with SGD over several seeds. Writes per-run CSVs (step, loss, accuracy), the init report " +
                    "(target vs realised variance per generated tensor, CSV + Markdown), a summary, and PNG plots: loss curves per init and generated-tensor variance vs target.")
                .WithExample("compare")
                .WithExample("compare", "--seeds", "3", "--steps", "400", "--out", "out/full")
                .WithExample("compare", "--data", "embedded", "--inits", "hyperfan-in,kaiming", "--optimizers", "sgd");
            config.AddCommand<ConvCommand>("conv")
                .WithDescription("Train a generated convolutional hypernet (conv 3×3 ×16, max-pool, conv 3×3 ×32, max-pool, linear; input 1×28×28) on the same data: " +
                    "hyperfan-in (calibrated) against Kaiming on heads by default. Same outputs as compare.")
                .WithExample("conv")
                .WithExample("conv", "--inits", "all", "--optimizers", "adam");
            config.AddCommand<ContinualCommand>("continual")
                .WithDescription("Continual learning (von Oswald et al., ICLR 2020): 1-D regression tasks learned one after another by a generated task-conditioned hypernet " +
                    "(one learned condition per task) whose output regulariser keeps earlier tasks' generated weights. Plots every task's fit after the last task, with and without the regulariser.")
                .WithExample("continual")
                .WithExample("continual", "--tasks", "4", "--beta", "0.05");
            config.AddCommand<BayesCommand>("bayes")
                .WithDescription("An implicit weight distribution: a generated noise-conditioned hypernet (BayesHypernet: a fresh z ~ N(0, I₈) on every call; the width 8 is its " +
                    "compile-time Noise attribute) on a 1-D regression with a gap in the data. Plots the predictive mean ± 2 std from sampled mainnet weights.")
                .WithExample("bayes")
                .WithExample("bayes", "--samples", "500");
        });
        return app.Run(args);
    }

    static int Report(Exception e, IAnsiConsole console)
    {
        switch (e)
        {
            case SampleException:
                console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return BadInput;
            case CommandAppException app:
                if (app.Pretty is { } pretty)
                    console.Write(pretty);
                else
                    console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return BadInput;
            case IOException or UnauthorizedAccessException:
                console.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
                return Failure;
            default:
                // Native (libtorch) errors carry a C++ backtrace after the first line: keep the message only.
                string message = e.Message.Split('\n')[0].Trim();
                console.MarkupLine($"[red]error ({Markup.Escape(e.GetType().Name)}):[/] {Markup.Escape(message)}");
                return Failure;
        }
    }
}
