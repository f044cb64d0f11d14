using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args.Length > 0 && args[0] == "paired")
{
    HyperGen.Benchmarks.PairedRatios.Run(args[1..]);
    return;
}

// In-process: the benchmarks need the TorchSharp native library this project's build output already has
// (patched for the system's libstdc++), and BenchmarkDotNet's generated projects would not get the fix.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(12).WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
