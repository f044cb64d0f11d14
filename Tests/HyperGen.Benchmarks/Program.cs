using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using HyperGen.Benchmarks;
using HyperGen.Benchmarks.TrainStep;

// Interleaved benchmark programs (variants alternate round by round, robust to a shared machine's drifting load):
// `train-step` for the step-time ratios against the physical floor (TrainStepBenchmark), `generator-ratios` for the
// generator measurements (GeneratorRatios), `paired` for generated code against hand-written and batched against
// looped, and the compile cost of the generated code (PairedRatios). Anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "train-step")
    return TrainStepBenchmark.Run(args[1..]);
if (args.Length > 0 && args[0] == "generator-ratios")
{
    GeneratorRatios.Run(args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "paired")
{
    PairedRatios.Run(args[1..]);
    return 0;
}

// In-process: the benchmarks need the TorchSharp native library this project's build output already has
// (patched for the system's libstdc++), and BenchmarkDotNet's generated projects would not get the fix.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
