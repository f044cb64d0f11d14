using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace HyperGen.EndToEnd.Tests;

/// <summary>
/// A fresh console project consumes the packed HyperGen package: the README quickstart compiles as written,
/// the generator runs, the analyzers warn on a deliberate Xavier-on-head line, the program trains a few steps
/// to a finite loss, and the published app runs too (the native fix reached the publish output).
/// </summary>
public sealed class ConsumerTests(ITestOutputHelper output) : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("hypergen-e2e-").FullName;
    static readonly TimeSpan Long = TimeSpan.FromMinutes(8);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    static string Configuration => typeof(ConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;

    /// <summary>The README's quickstart code blocks, keyed by the file name on their first line (<c>// Program.cs</c>).</summary>
    internal static (string Name, string Code)[] QuickstartFiles()
    {
        string readme = File.ReadAllText(Path.Combine(DotnetCli.RepositoryRoot, "README.md"));
        return Regex.Matches(readme, @"```csharp\n// (?<name>\w+\.cs)\n(?<code>.*?)```", RegexOptions.Singleline)
            .Select(m => (m.Groups["name"].Value, m.Groups["code"].Value)).ToArray();
    }

    (int, string) Dotnet(string dir, params string[] args)
    {
        var result = DotnetCli.Run(dir, Long, args);
        output.WriteLine($"$ dotnet {string.Join(' ', args)} → exit {result.ExitCode}");
        return result;
    }

    [Fact]
    public void A_new_project_builds_runs_and_publishes_with_the_package()
    {
        // 1. Pack the already-built outputs under a version no earlier run has put in the NuGet cache.
        string version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        string feed = Path.Combine(_root, "feed");
        var (code, text) = Dotnet(DotnetCli.RepositoryRoot, "pack", "Runtime/HyperGen/HyperGen.csproj", "-c", Configuration, "--no-build",
            "-o", feed, $"-p:PackageVersion={version}");
        Assert.True(code == 0, text);
        Assert.True(File.Exists(Path.Combine(feed, $"HyperGen.{version}.nupkg")), text);
        Assert.True(File.Exists(Path.Combine(feed, $"HyperGen.{version}.snupkg")), text);

        // 2. A new console project: the README quickstart, plus one deliberate mistake.
        string app = Path.Combine(_root, "Consumer");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="HyperGen" Version="{version}" />
                <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var files = QuickstartFiles();
        Assert.Contains(files, f => f.Name == "MnistHypernet.cs");
        Assert.Contains(files, f => f.Name == "Program.cs");
        foreach (var (name, code2) in files)
            File.WriteAllText(Path.Combine(app, name), code2);
        File.WriteAllText(Path.Combine(app, "Naive.cs"), """
            namespace Quickstart;

            public static class Naive
            {
                // Deliberate: classical init on every Linear of a generated hypernet, its heads included.
                public static void Init(MnistHypernet model) =>
                    model.apply(m => { if (m is TorchSharp.Modules.Linear l) TorchSharp.torch.nn.init.xavier_uniform_(l.weight!); });
            }
            """);

        // 3. Build: the generator must have run (the program uses generated members) and HG0001 must be reported.
        (code, text) = Dotnet(app, "build", "-c", "Release");
        Assert.True(code == 0, text);
        Assert.Matches(@"Naive\.cs\(\d+,\d+\): warning HG0001", text);
        Assert.DoesNotContain("CS9057", text);            // an analyzer built against a too-new Roslyn would be dropped
        Assert.DoesNotContain("CS8785", text);            // the generator never fails

        // 4. Run: a few training steps to a finite loss.
        (code, text) = Dotnet(app, "run", "-c", "Release", "--no-build");
        output.WriteLine(text);
        Assert.True(code == 0, text);
        var losses = Regex.Matches(text, @"loss (?<v>[-0-9.eE+]+|NaN|∞|-∞)").Select(m => m.Groups["v"].Value).ToList();
        Assert.NotEmpty(losses);
        Assert.All(losses, l => Assert.True(double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v), $"loss {l}"));
        Assert.Contains("hyperfan-in", text);             // the init report printed by the quickstart

        // 5. Publish and run the published app: the native fix reached the publish output.
        string publish = Path.Combine(_root, "publish");
        (code, text) = Dotnet(app, "publish", "-c", "Release", "-o", publish);
        Assert.True(code == 0, text);
        (code, text) = Dotnet(publish, "Consumer.dll");
        Assert.True(code == 0, text);
        Assert.Matches(@"step 5: loss [0-9.]+", text);
    }
}
