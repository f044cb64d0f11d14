using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace HyperGen.Analyzers.Tests.Infrastructure;

/// <summary>Offline references and repository paths.</summary>
internal static class TestEnvironment
{
    /// <summary>net8.0 reference assemblies + TorchSharp + the HyperGen runtime (what a user project compiles against).</summary>
    public static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(HyperGen.HypernetAttribute).Assembly.Location))
        .ToImmutableArray();

    /// <summary>Without the HyperGen runtime (HG0020).</summary>
    public static readonly ImmutableArray<MetadataReference> ReferencesWithoutRuntime = References
        .Where(r => !string.Equals(Path.GetFileName((r as PortableExecutableReference)?.FilePath), "HyperGen.dll", StringComparison.Ordinal))
        .ToImmutableArray();

    /// <summary>Without TorchSharp (HG0016).</summary>
    public static readonly ImmutableArray<MetadataReference> ReferencesWithoutTorchSharp = References
        .Where(r => !string.Equals(Path.GetFileName((r as PortableExecutableReference)?.FilePath), "TorchSharp.dll", StringComparison.Ordinal))
        .ToImmutableArray();

    static string Metadata(string key) =>
        typeof(TestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException("missing assembly metadata " + key);

    /// <summary>The repository root (with a trailing separator).</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The configuration this test assembly was built in (Release under CI).</summary>
    public static string Configuration => Metadata("Configuration");
}
