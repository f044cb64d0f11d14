using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;
using Xunit.Abstractions;

namespace HyperGen.EndToEnd.Tests;

/// <summary>
/// The install path as the README tells it, word for word: its Quickstart shell commands are read from README.md and run
/// in bash — the pack in this repository, the rest in a new console project — with a temporary home folder (so
/// <c>~/hypergen-feed</c> is a fresh feed) and, for the new project, a NuGet package folder of its own, so it cannot pick
/// up a stale cached HyperGen (TorchSharp comes from the machine's folder as a read-only fallback: no 600 MB download).
/// Then the README's quickstart code compiles as written, the generator runs, the analyzers warn on a deliberate
/// Xavier-on-head line, the program trains a few steps to a finite loss, and the published app runs too.
/// </summary>
public sealed class ConsumerTests(ITestOutputHelper output) : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("hypergen-e2e-").FullName;
    static readonly TimeSpan Long = TimeSpan.FromMinutes(10);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    static string ReadmeSection(string heading)
    {
        string readme = File.ReadAllText(Path.Combine(DotnetCli.RepositoryRoot, "README.md"));
        var m = Regex.Match(readme, $@"^## {Regex.Escape(heading)}\n(?<body>.*?)(?=^## |\z)", RegexOptions.Singleline | RegexOptions.Multiline);
        Assert.True(m.Success, $"README.md has no '## {heading}' section");
        return m.Groups["body"].Value;
    }

    /// <summary>The README's quickstart code blocks, keyed by the file name on their first line (<c>// Program.cs</c>).</summary>
    internal static (string Name, string Code)[] QuickstartFiles() =>
        Regex.Matches(ReadmeSection("Quickstart"), @"```csharp\n// (?<name>\w+\.cs)\n(?<code>.*?)```", RegexOptions.Singleline)
            .Select(m => (m.Groups["name"].Value, m.Groups["code"].Value)).ToArray();

    /// <summary>The README's install steps: each <c>```sh</c> block of the Quickstart section, its lines as written (comments included).</summary>
    internal static string[][] InstallSteps() =>
        Regex.Matches(ReadmeSection("Quickstart"), @"```sh\n(?<lines>.*?)```", RegexOptions.Singleline)
            .Select(m => m.Groups["lines"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToArray();

    /// <summary>The machine's NuGet package folder, as this test process sees it.</summary>
    static string MachinePackages => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    (int Code, string Text) Shell(string dir, string[] lines, Dictionary<string, string?> environment)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = DotnetCli.Shell(dir, Long, lines, environment);
        output.WriteLine($"$ (in {dir})\n{string.Join("\n", lines)}\n→ exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:F0} s");
        return result;
    }

    (int Code, string Text) Dotnet(string dir, Dictionary<string, string?> environment, params string[] args)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = DotnetCli.Run(dir, Long, args, environment);
        output.WriteLine($"$ dotnet {string.Join(' ', args)} → exit {result.ExitCode} in {clock.Elapsed.TotalSeconds:F0} s");
        return result;
    }

    [Fact]
    public void A_new_project_installs_the_package_exactly_as_the_README_says_then_builds_runs_and_publishes()
    {
        var steps = InstallSteps();
        Assert.Equal(2, steps.Length);
        Assert.Contains(steps[0], l => l.StartsWith("dotnet pack Runtime/HyperGen", StringComparison.Ordinal));
        Assert.Contains(steps[1], l => l.StartsWith("dotnet add package HyperGen", StringComparison.Ordinal));
        string home = Path.Combine(_root, "home");
        Directory.CreateDirectory(home);

        // 1. In the repository. The pack restores the repository's own projects, so they keep the machine's package folder.
        var (code, text) = Shell(DotnetCli.RepositoryRoot, steps[0], new() { ["HOME"] = home, ["NUGET_PACKAGES"] = MachinePackages });
        Assert.True(code == 0, text);
        string feed = Path.Combine(home, "hypergen-feed");
        var package = Assert.Single(Directory.GetFiles(feed, "HyperGen.*.nupkg"));
        string version = Regex.Match(Path.GetFileName(package), @"^HyperGen\.(?<v>.+)\.nupkg$").Groups["v"].Value;
        Assert.Matches(@"^0\.1\.0-dev\.\d{8}\.\d{6}$", version);              // a version of its own: never one NuGet has cached
        Assert.True(File.Exists(Path.Combine(feed, $"HyperGen.{version}.snupkg")), text);

        // 2. In a new console project, with a package folder of its own (the machine's only as a read-only fallback).
        string app = Path.Combine(_root, "Consumer"), packages = Path.Combine(_root, "packages");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        var user = new Dictionary<string, string?> { ["HOME"] = home, ["NUGET_PACKAGES"] = packages, ["RestoreFallbackFolders"] = MachinePackages };
        (code, text) = Shell(app, steps[1], user);
        Assert.True(code == 0, text);

        // The commands added exactly the packed build, extracted from the feed into the project's own package folder.
        var references = XDocument.Load(Path.Combine(app, "Consumer.csproj")).Descendants("PackageReference")
            .ToDictionary(r => (string)r.Attribute("Include")!, r => (string)r.Attribute("Version")!);
        Assert.Equal(version, references["HyperGen"]);
        Assert.Equal("0.107.0", references["TorchSharp-cpu"]);
        string extracted = Path.Combine(packages, "hypergen", version);
        Assert.Equal(Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(package))),
            File.ReadAllText(Path.Combine(extracted, $"hypergen.{version}.nupkg.sha512")));
        Assert.False(Directory.Exists(Path.Combine(MachinePackages, "hypergen", version)), "the machine's package folder was touched");

        // 3. The README quickstart, plus one deliberate mistake.
        var files = QuickstartFiles();
        Assert.Contains(files, f => f.Name == "MnistHypernet.cs");
        Assert.Contains(files, f => f.Name == "Program.cs");
        foreach (var (name, source) in files)
            File.WriteAllText(Path.Combine(app, name), source);
        File.WriteAllText(Path.Combine(app, "Naive.cs"), """
            namespace Quickstart;

            public static class Naive
            {
                // Deliberate: classical init on every Linear of a generated hypernet, its heads included.
                public static void Init(MnistHypernet model) =>
                    model.apply(m => { if (m is TorchSharp.Modules.Linear l) TorchSharp.torch.nn.init.xavier_uniform_(l.weight!); });
            }
            """);

        // 4. Build: the generator must have run (the program uses generated members) and HG0001 must be reported.
        (code, text) = Dotnet(app, user, "build", "-c", "Release");
        Assert.True(code == 0, text);
        Assert.Matches(@"Naive\.cs\(\d+,\d+\): warning HG0001", text);
        Assert.DoesNotContain("CS9057", text);            // an analyzer built against a too-new Roslyn would be dropped
        Assert.DoesNotContain("CS8785", text);            // the generator never fails

        // 5. Run: a few training steps to a finite loss.
        (code, text) = Dotnet(app, user, "run", "-c", "Release", "--no-build");
        output.WriteLine(text);
        Assert.True(code == 0, text);
        var losses = Regex.Matches(text, @"loss (?<v>[-0-9.eE+]+|NaN|∞|-∞)").Select(m => m.Groups["v"].Value).ToList();
        Assert.NotEmpty(losses);
        Assert.All(losses, l => Assert.True(double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v), $"loss {l}"));
        Assert.Contains("hyperfan-in", text);             // the init report printed by the quickstart

        // 6. Publish and run the published app: the native fix reached the publish output.
        string publish = Path.Combine(_root, "publish");
        (code, text) = Dotnet(app, user, "publish", "-c", "Release", "-o", publish);
        Assert.True(code == 0, text);
        (code, text) = Dotnet(publish, user, "Consumer.dll");
        Assert.True(code == 0, text);
        Assert.Matches(@"step 5: loss [0-9.]+", text);
    }

    [Fact]
    public void Packing_gives_each_pack_its_own_prerelease_version_and_builds_keep_the_plain_one()
    {
        string Evaluate(params string[] properties)
        {
            var (code, text) = DotnetCli.Run(DotnetCli.RepositoryRoot, Long,
                ["msbuild", "Runtime/HyperGen/HyperGen.csproj", "-getProperty:PackageVersion", "-getProperty:Version", .. properties]);
            Assert.True(code == 0, text);
            output.WriteLine($"{string.Join(' ', properties)}: {text.Trim()}");
            return text;
        }

        Assert.Matches(@"""PackageVersion"": ""0\.1\.0-dev\.\d{8}\.\d{6}""[\s\S]*""Version"": ""0\.1\.0""", Evaluate("-p:_IsPacking=true"));  // what dotnet pack sets
        Assert.Contains(@"""PackageVersion"": ""0.1.0""", Evaluate("-p:_IsPacking=true", "-p:HyperGenRelease=true"));
        Assert.Contains(@"""PackageVersion"": ""0.1.0""", Evaluate());                       // builds: no timestamp, deterministic
    }
}
