using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace HyperGen.Tests.Shared;

/// <summary>
/// Runs a program to completion in its own process, capturing everything it prints (stdout and stderr, interleaved as
/// they arrive). A crash there is an exit code here, not a dead test host.
/// </summary>
internal static class ChildProcess
{
    /// <summary>The <c>dotnet</c> host running this test (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <param name="fileName">The program.</param>
    /// <param name="workingDirectory">Where it runs.</param>
    /// <param name="timeout">How long it may take; past that it is killed (with its children) and this throws.</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell quoting).</param>
    /// <param name="environment">Variables to set (a null value removes one).</param>
    public static (int ExitCode, string Output) Run(string fileName, string workingDirectory, TimeSpan timeout,
        IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} took longer than {timeout}:\n{output}");
        }
        process.WaitForExit(); // drains the output handlers
        lock (output)
            return (process.ExitCode, output.ToString());
    }
}
