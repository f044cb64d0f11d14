using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using HyperGen.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace HyperGen.Analyzers.Tests.Meta;

/// <summary>
/// The analyzers run in the ordinary build: `dotnet build Tests/AnalyzerSmoke` (a project outside the solution
/// with deliberate mistakes, consuming HyperGen as analyzer references) must print exactly the HG warnings and
/// errors its "// expect" comments announce, at those lines, and nothing else.
/// </summary>
public class SmokeBuildTests(ITestOutputHelper output)
{
    static readonly Regex Expectation = new(@"// expect (warning|error) (HG\d{4})");
    static readonly Regex Reported = new(@"Smoke\.cs\((\d+),\d+\): (warning|error) ([A-Z]+\d+):");

    [Fact]
    public void Dotnet_build_reports_exactly_the_expected_HG_diagnostics()
    {
        string project = Path.Combine(TestEnvironment.RepositoryRoot, "Tests", "AnalyzerSmoke");
        string source = Path.Combine(project, "Smoke.cs");
        var expected = File.ReadAllLines(source)
            .Select((line, i) => (Line: i + 1, Match: Expectation.Match(line)))
            .Where(x => x.Match.Success)
            .Select(x => $"{x.Line} {x.Match.Groups[1].Value} {x.Match.Groups[2].Value}")
            .OrderBy(x => x).ToList();
        Assert.True(expected.Count >= 8, "Smoke.cs lost its expectations");

        // A fresh intermediate folder forces the compiler (and so the analyzers) to run even when nothing
        // changed; the referenced projects are the ones this test assembly was built with, never rebuilt here.
        string scratch = Path.Combine(Path.GetTempPath(), "hypergen-smoke-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, text) = Dotnet(project, TimeSpan.FromMinutes(5), "build", "AnalyzerSmoke.csproj", "-c", TestEnvironment.Configuration,
                "-p:BuildProjectReferences=false", "-nodeReuse:false", "-v:minimal",
                $"-p:SmokeScratch={scratch}");
            output.WriteLine(text);
            var reported = text.Split('\n')
                .Select(l => Reported.Match(l)).Where(m => m.Success)
                .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value}")
                .Distinct().OrderBy(x => x).ToList();
            Assert.Equal(expected, reported);
            Assert.NotEqual(0, exitCode); // the HG errors fail the build, as they should
            Assert.DoesNotContain("AD0001", text); // no analyzer crashed
            Assert.DoesNotContain("CS8785", text); // the generator did not throw
        }
        finally
        {
            if (Directory.Exists(scratch))
                Directory.Delete(scratch, recursive: true);
        }
    }

    static (int ExitCode, string Output) Dotnet(string directory, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        // A user's shell, not this test host's.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var text = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took longer than {timeout}:\n{text}");
        }
        process.WaitForExit();
        return (process.ExitCode, text.ToString());
    }
}
