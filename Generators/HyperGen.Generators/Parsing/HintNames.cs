using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;

namespace HyperGen.Generators.Parsing;

/// <summary>
/// The generated file's hint name: <c>{Namespace}.{Outer}+{Type}.Hypernet.g.cs</c> from metadata names (never an
/// <c>@</c>), unique in the compilation for any legal C#. Roslyn rejects some characters and compares hint names
/// ignoring case, so a name that had to be changed (or shortened), or that collides ignoring case with another hypernet's
/// (<c>Net</c>, <c>NET</c>), gets a hash of its exact full name; everything else keeps the readable name.
/// </summary>
internal static class HintNames
{
    const string Suffix = Spec.GeneratedNames.FileSuffix;

    /// <summary>
    /// Longest readable part of a hint name. The compiler writes the file under obj/ when EmitCompilerGeneratedFiles is on,
    /// and a file name has at most 255 bytes: a longer type name (legal C#) keeps its first characters and gets the hash.
    /// </summary>
    internal const int MaxReadableLength = 100;

    /// <summary>The readable hint name of <paramref name="type"/>, hashed when a character had to be replaced.</summary>
    public static string For(INamedTypeSymbol type)
    {
        string exact = FullMetadataName(type);
        string safe = Safe(exact);
        return safe == exact && safe.Length <= MaxReadableLength ? safe + Suffix : Hashed(exact);
    }

    /// <summary>The hint name that carries the hash of the exact full name: never equal to another type's, in any case.</summary>
    public static string Hashed(string exactFullName) =>
        Readable(exactFullName) + "." + Fnv1a(exactFullName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + Suffix;

    /// <summary>Gives every spec whose hint name equals another's ignoring case the hashed name (both of them: deterministic).</summary>
    public static ImmutableArray<HypernetSpec> Disambiguate(ImmutableArray<HypernetSpec> specs)
    {
        var seen = new Dictionary<string, int>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var spec in specs)
            seen[spec.HintName] = seen.TryGetValue(spec.HintName, out int n) ? n + 1 : 1;
        if (seen.Values.All(n => n == 1))
            return specs;
        // Two types of the very same name (only in code with CS0101) would still collide: number them in order.
        var taken = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        return specs.Select(s =>
        {
            string name = seen[s.HintName] > 1 ? Hashed(s.MetadataName) : s.HintName;
            for (int n = 2; !taken.Add(name); n++)
                name = Hashed(s.MetadataName).Replace(Suffix, "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture) + Suffix);
            return name == s.HintName ? s : s with { HintName = name };
        }).ToImmutableArray();
    }

    /// <summary><c>Demo.Models.Outer+Net`1</c>-style: namespaces joined by '.', containing types by '+', generic arity kept.</summary>
    public static string FullMetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name = outer.MetadataName + "+" + name;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            name = ns.MetadataName + "." + name;
        return name;
    }

    static string Readable(string name)
    {
        string safe = Safe(name);
        return safe.Length <= MaxReadableLength ? safe : safe.Substring(0, MaxReadableLength);
    }

    static string Safe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (char c in name)
            safe.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '+' ? c : '_');
        return safe.ToString();
    }

    /// <summary>32-bit FNV-1a over the UTF-16 code units: stable across runs and platforms (string.GetHashCode is not).</summary>
    static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return hash;
    }
}
