using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using HyperGen.Analyzers.Tests.Infrastructure;
using Xunit;

namespace HyperGen.Analyzers.Tests.Meta;

/// <summary>
/// A generator or analyzer built against a Roslyn newer than the SDK's compiler is silently dropped (CS9057).
/// Every compiler-loaded project (Generators/, Analyzers/) must reference Microsoft.CodeAnalysis 4.14.0 or
/// lower: checked on the built assemblies' metadata, not only on the project files.
/// </summary>
public class RoslynVersionTests
{
    static readonly Version Max = new(4, 14, 0, 0);

    static IEnumerable<(string Assembly, string Name, Version Version)> CodeAnalysisReferences(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            string name = reader.GetString(reference.Name);
            if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                yield return (Path.GetFileName(path), name, reference.Version);
        }
    }

    static IEnumerable<string> CompilerLoadedProjects() =>
        new[] { "Generators", "Analyzers" }
            .Select(d => Path.Combine(TestEnvironment.RepositoryRoot, d))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.csproj", SearchOption.AllDirectories));

    [Fact]
    public void The_assemblies_loaded_by_this_test_reference_at_most_Roslyn_4_14()
    {
        var assemblies = new[] { typeof(DiagnosticIds).Assembly, typeof(HyperGen.CodeFixes.EquivalenceKeys).Assembly, typeof(HyperGen.Generators.HypernetGenerator).Assembly };
        foreach (var assembly in assemblies)
        {
            var references = CodeAnalysisReferences(assembly.Location).ToList();
            Assert.NotEmpty(references);
            Assert.All(references, r => Assert.True(r.Version <= Max, $"{r.Assembly} references {r.Name} {r.Version}, above {Max}"));
        }
    }

    [Fact]
    public void Every_built_compiler_loaded_project_references_at_most_Roslyn_4_14()
    {
        var projects = CompilerLoadedProjects().ToList();
        Assert.True(projects.Count >= 3, "expected the generator, analyzer and code-fix projects");
        int checkedAssemblies = 0;
        foreach (var project in projects)
        {
            string name = Path.GetFileNameWithoutExtension(project);
            string bin = Path.Combine(Path.GetDirectoryName(project)!, "bin");
            if (!Directory.Exists(bin))
                continue;
            foreach (var dll in Directory.EnumerateFiles(bin, name + ".dll", SearchOption.AllDirectories))
            {
                checkedAssemblies++;
                Assert.All(CodeAnalysisReferences(dll), r => Assert.True(r.Version <= Max, $"{dll} references {r.Name} {r.Version}, above {Max}"));
            }
        }
        Assert.True(checkedAssemblies >= 3, "no built compiler-loaded assembly was found to check");
    }

    [Fact]
    public void Compiler_loaded_projects_target_netstandard2_0_and_ask_for_no_newer_Roslyn()
    {
        var central = XDocument.Load(Path.Combine(TestEnvironment.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion").ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!);
        foreach (var project in CompilerLoadedProjects())
        {
            var xml = XDocument.Load(project);
            Assert.Equal("netstandard2.0", xml.Descendants("TargetFramework").Single().Value);
            foreach (var reference in xml.Descendants("PackageReference"))
            {
                string id = (string)reference.Attribute("Include")!;
                if (!id.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || id == "Microsoft.CodeAnalysis.Analyzers")
                    continue;
                string version = (string?)reference.Attribute("VersionOverride") ?? (string?)reference.Attribute("Version") ?? central[id];
                Assert.True(Version.Parse(version) <= new Version(4, 14, 0), $"{Path.GetFileName(project)} asks for {id} {version}");
            }
        }
    }
}
