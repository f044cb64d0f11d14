using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using HyperGen.Tests.Shared;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Checkpoints;

/// <summary>
/// Loads files into a <see cref="MixedModule"/> in a child process and reports, one line per file as it finishes, how
/// each load ended and whether the model was left unchanged. A line missing means the process died on that file.
/// </summary>
internal static class LoadChild
{
    public const string Mode = "checkpoint-load";

    /// <summary>A file of this name kills the child as a native crash would (SIGABRT), whatever the loader: the harness's own check.</summary>
    public const string KillsTheChild = "kills-the-child.ckpt";

    /// <summary>
    /// Which loader the child uses: HyperGen's, or TorchSharp's own tensor reader, <c>TensorExtensionMethods.Load</c>
    /// (what Checkpoint.Load used before it validated files; it trusts every field), to show what the harness catches.
    /// </summary>
    public enum Loader { HyperGen, TorchSharpTensorReader }

    /// <summary>How one load ended.</summary>
    /// <param name="File">The file's path.</param>
    /// <param name="Outcome"><c>loaded</c>, or the exception's type name.</param>
    /// <param name="Unchanged">Whether the model was bit-for-bit as before (after a failure; loads that succeed are undone).</param>
    /// <param name="Message">The exception's message, on one line.</param>
    public sealed record Result(string File, string Outcome, bool Unchanged, string Message);

    /// <summary>Runs the child on <paramref name="files"/>; when it dies, the files after the fatal one run in a new child.</summary>
    /// <returns>One result per file; a file that killed its process has outcome <c>CRASH (exit N)</c> and the child's last output.</returns>
    public static IReadOnlyList<Result> RunAll(IReadOnlyList<string> files, Loader loader, string workingDirectory)
    {
        var results = new List<Result>();
        string assembly = typeof(LoadChild).Assembly.Location;
        while (results.Count < files.Count)
        {
            string list = Path.Combine(workingDirectory, $"files-{results.Count}.txt");
            File.WriteAllLines(list, files.Skip(results.Count));
            var (exit, output) = ChildProcess.Run(ChildProcess.DotnetHost, workingDirectory, TimeSpan.FromMinutes(5),
                ["exec", assembly, Mode, loader.ToString(), list]);
            var lines = output.Split('\n').Where(l => l.StartsWith("RESULT\t", StringComparison.Ordinal)).Select(Parse).ToList();
            results.AddRange(lines);
            if (results.Count == files.Count)
                break;
            if (exit == 0)
                throw new InvalidOperationException($"The child exited normally after {lines.Count} files without reporting the rest:\n{output}");
            results.Add(new Result(files[results.Count], $"CRASH (exit {exit})", false, string.Join(" | ", output.Split('\n').TakeLast(6)).Trim()));
        }
        return results;

        static Result Parse(string line)
        {
            var f = line.TrimEnd('\r').Split('\t');
            return new Result(f[1], f[2], f[3] == "unchanged", f[4]);
        }
    }

    static void ReadWithTorchSharp(string file)
    {
        using var reader = new BinaryReader(File.OpenRead(file));
        long count = reader.Read7BitEncodedInt64();
        for (long i = 0; i < count; i++)
        {
            reader.ReadString();
            TensorExtensionMethods.Load(reader).Dispose();
        }
    }

    /// <summary>The child: <c>checkpoint-load &lt;HyperGen|TorchSharp&gt; &lt;file listing paths&gt;</c>.</summary>
    public static int Run(string[] args)
    {
        var loader = Enum.Parse<Loader>(args[0]);
        manual_seed(7);
        using var model = new MixedModule();
        var snapshot = model.Snapshot();
        var stdout = Console.Out;
        foreach (string file in File.ReadLines(args[1]))
        {
            string outcome = "loaded", message = "";
            if (Path.GetFileName(file) == KillsTheChild)
                Environment.FailFast("killed on purpose by " + file);
            try
            {
                if (loader == Loader.HyperGen)
                    model.Load(file);
                else
                    ReadWithTorchSharp(file);
            }
            catch (Exception e) when (e is not TargetInvocationException)
            {
                outcome = e.GetType().Name;
                message = e.Message.ReplaceLineEndings(" ").Replace('\t', ' ');
            }
            // A successful load changes the model by design (a mutation can leave a valid file): undo it.
            bool unchanged = outcome == "loaded" || model.Matches(snapshot);
            if (outcome == "loaded")
                model.Restore(snapshot);
            stdout.WriteLine($"RESULT\t{file}\t{outcome}\t{(unchanged ? "unchanged" : "CHANGED")}\t{message}");
            stdout.Flush();
        }
        return 0;
    }
}
