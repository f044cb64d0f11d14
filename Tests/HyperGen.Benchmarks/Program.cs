using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using HyperGen.Benchmarks.TrainStep;

// `train-step`: an interleaved benchmark program (variants alternate round by round; see TrainStepBenchmark), for the
// step-time ratios against the physical floor. Anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "train-step")
    return TrainStepBenchmark.Run(args[1..]);

// In-process: the benchmarks need the TorchSharp native library this project's build output already has
// (patched for the system's libstdc++), and BenchmarkDotNet's generated projects would not get the fix.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
