using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace HyperGen.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project Tests/HyperGen.Benchmarks -- generator-ratios [N …] [--rounds R] [--build]</c>:
/// the measurements of <see cref="GeneratorBenchmarks"/> and <see cref="GeneratorPhaseBenchmarks"/>
/// interleaved. Each round times every variant once (a rerun: a batch of edits, averaged), and each
/// ratio is computed within its round; the report gives the median and the interquartile range over rounds.
/// On a shared machine whose load drifts by several times within a minute (other builds, training runs),
/// BenchmarkDotNet's one-benchmark-after-another order turns the drift into the ratios; interleaving does
/// not. Garbage is collected before every timed operation, outside the timing.
/// </summary>
public static class GeneratorRatios
{
    public static void Run(string[] args)
    {
        int rounds = 15;
        bool build = false;
        var sizes = new List<int>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--rounds" && i + 1 < args.Length) rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--build") build = true;
            else sizes.Add(int.Parse(args[i], CultureInfo.InvariantCulture));
        }
        if (sizes.Count == 0) sizes.AddRange([100, 500]);

        Console.WriteLine($"Generator ratios, interleaved, {rounds} rounds; median [25th–75th percentile] of per-round ratios.");
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}.");
        foreach (int n in sizes)
            Report(n, Measure(n, rounds, build));
    }

    sealed class Samples
    {
        public readonly Dictionary<string, List<double>> Times = new();
        public void Add(string name, double ms) => (Times.TryGetValue(name, out var l) ? l : Times[name] = new List<double>()).Add(ms);
        public List<double> Ratio(string a, string b) => Times[a].Zip(Times[b], (x, y) => x / y).ToList();
    }

    // build: also time the build's compile (input + generated code, with IL emit). Off by default: at ten times the
    // plain compile's allocations it disturbs the other variants of the round (cache and GC state), most at N = 100.
    static Samples Measure(int n, int rounds, bool build)
    {
        // The very operations BenchmarkDotNet times, on the same setup.
        var main = new GeneratorBenchmarks { N = n };
        main.Setup();
        var phases = new GeneratorPhaseBenchmarks { N = n };
        phases.Setup();
        var variants = new (string Name, Action? Prepare, int PerRun, Func<int> Run)[]
        {
            ("plain", null, 1, main.PlainCompile),
            ("cold", null, 1, main.Cold),
            ("rerun-plain-file", main.PreparePlainFileEdits, GeneratorBenchmarks.Edits, () => { main.RerunPlainFileEdit(); return 0; }),
            ("rerun-model-file", main.PrepareModelFileEdits, GeneratorBenchmarks.Edits, () => { main.RerunModelFileEdit(); return 0; }),
            ("rerun-declaration", main.PrepareDeclarationEdits, GeneratorBenchmarks.DeclarationEdits, () => { main.RerunDeclarationEdit(); return 0; }),
            ("bind", null, 1, phases.BindAttributes),
            ("parse-specs", null, 1, phases.ParseSpecs),
            ("emit", null, 1, phases.EmitTexts),
            ("parse-generated", null, 1, phases.ParseGenerated),
        };

        if (build)
            variants = [.. variants, ("build", null, 1, main.BuildCompile)];
        foreach (var v in variants) // warm-up: JIT and first-use caches
            for (int i = 0; i < 2; i++) { v.Prepare?.Invoke(); v.Run(); }

        var samples = new Samples();
        for (int round = 0; round < rounds; round++)
            foreach (var (name, prepare, perRun, run) in variants)
            {
                prepare?.Invoke();
                GC.Collect();
                GC.WaitForPendingFinalizers();
                double cpuBefore = ProcessCpuMilliseconds();
                var sw = Stopwatch.StartNew();
                run();
                samples.Add(name, sw.Elapsed.TotalMilliseconds / perRun);
                samples.Add("cpu:" + name, (ProcessCpuMilliseconds() - cpuBefore) / perRun);
            }
        return samples;
    }

    // CPU time of every thread of the process (the plain compile binds in parallel). On Linux from
    // clock_gettime(CLOCK_PROCESS_CPUTIME_ID), in nanoseconds; Process.TotalProcessorTime counts 10 ms ticks,
    // too coarse for a 1 ms rerun.
    [StructLayout(LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out TimeSpec time);

    static double ProcessCpuMilliseconds()
    {
        const int ProcessCpuTimeClock = 2;
        if (OperatingSystem.IsLinux() && ClockGetTime(ProcessCpuTimeClock, out var t) == 0)
            return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
        return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }

    static double Quantile(List<double> values, double q)
    {
        var sorted = values.OrderBy(v => v).ToList();
        double pos = q * (sorted.Count - 1);
        int lo = (int)Math.Floor(pos), hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    static string Ratio(List<double> r, string format) =>
        string.Format(CultureInfo.InvariantCulture, "{0:" + format + "} [{1:" + format + "}–{2:" + format + "}]", Quantile(r, 0.5), Quantile(r, 0.25), Quantile(r, 0.75));

    static void Report(int n, Samples s)
    {
        string Ms(string name) => Quantile(s.Times[name], 0.5).ToString("0.0", CultureInfo.InvariantCulture);
        string Both(string a, string b, bool percent)
        {
            var wall = s.Ratio(a, b).Select(x => percent ? x * 100 : x).ToList();
            var cpu = s.Ratio("cpu:" + a, "cpu:" + b).Select(x => percent ? x * 100 : x).ToList();
            string format = percent ? "0.0" : "0.00", unit = percent ? " %" : "";
            return Ratio(wall, format) + unit + " | " + Ratio(cpu, format) + unit;
        }
        Console.WriteLine();
        Console.WriteLine($"N = {n}");
        Console.WriteLine();
        Console.WriteLine("| measurement | median wall ms | wall-clock ratio | CPU-time ratio | of |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        Console.WriteLine($"| plain compile: GetDiagnostics, no generator | {Ms("plain")} | 1 | 1 | |");
        if (s.Times.ContainsKey("build"))
            Console.WriteLine($"| the build's compile: input + generated code, bound and emitted as IL | {Ms("build")} | {Both("build", "plain", false)} | plain compile |");
        Console.WriteLine($"| cold generator run | {Ms("cold")} | {Both("cold", "plain", false)} | plain compile |");
        if (s.Times.ContainsKey("build"))
            Console.WriteLine($"| cold generator run | {Ms("cold")} | {Both("cold", "build", false)} | the build's compile |");
        Console.WriteLine($"| rerun, method body edited in a file without hypernets | {Ms("rerun-plain-file")} | {Both("rerun-plain-file", "cold", true)} | cold run |");
        Console.WriteLine($"| rerun, method body edited in a file with hypernets | {Ms("rerun-model-file")} | {Both("rerun-model-file", "cold", true)} | cold run |");
        Console.WriteLine($"| rerun, method renamed in a file without hypernets | {Ms("rerun-declaration")} | {Both("rerun-declaration", "cold", true)} | cold run |");
        Console.WriteLine($"| phase: find attributed classes, bind their attributes (Roslyn's floor) | {Ms("bind")} | {Both("bind", "cold", false)} | cold run |");
        Console.WriteLine($"| phase: find + bind + parse into specs | {Ms("parse-specs")} | {Both("parse-specs", "cold", false)} | cold run |");
        Console.WriteLine($"| phase: emit the texts | {Ms("emit")} | {Both("emit", "cold", false)} | cold run |");
        Console.WriteLine($"| after the run: parse the generated texts (Roslyn parses them lazily) | {Ms("parse-generated")} | {Both("parse-generated", "plain", false)} | plain compile |");
    }
}
