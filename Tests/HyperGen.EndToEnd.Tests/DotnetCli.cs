using System;
using System.Collections.Generic;
using System.IO;
using HyperGen.Tests.Shared;

namespace HyperGen.EndToEnd.Tests;

/// <summary>Runs the dotnet CLI as a user would, capturing everything it prints.</summary>
internal static class DotnetCli
{
    public static string RepositoryRoot { get; } = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HyperGen.sln")))
                return dir.FullName;
        throw new InvalidOperationException("HyperGen.sln not found above " + AppContext.BaseDirectory);
    }

    // A user's shell, not this test host's: no inherited MSBuild node or test-platform settings.
    static readonly Dictionary<string, string?> UserShell = new()
    {
        ["MSBuildExtensionsPath"] = null,
        ["MSBUILD_EXE_PATH"] = null,
        ["MSBuildSDKsPath"] = null,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <param name="workingDirectory">Where the command runs.</param>
    /// <param name="timeout">How long it may take.</param>
    /// <param name="arguments">The dotnet command line.</param>
    /// <param name="environment">More variables (e.g. an isolated NuGet cache), on top of a user's shell.</param>
    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan timeout, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(UserShell);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            variables[name] = value;
        return ChildProcess.Run("dotnet", workingDirectory, timeout, arguments, variables);
    }

    /// <summary>Runs <paramref name="lines"/> as one bash script (stopping at the first failing line), as a user would paste them.</summary>
    public static (int ExitCode, string Output) Shell(string workingDirectory, TimeSpan timeout, IEnumerable<string> lines,
        IReadOnlyDictionary<string, string?> environment)
    {
        var variables = new Dictionary<string, string?>(UserShell);
        foreach (var (name, value) in environment)
            variables[name] = value;
        return ChildProcess.Run("bash", workingDirectory, timeout, ["-e", "-x", "-c", string.Join("\n", lines)], variables);
    }
}
