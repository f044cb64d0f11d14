using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace HyperGen.Generators.Parsing;

/// <summary>
/// The generated file's hint name: <c>{Namespace}.{Outer}+{Type}.Hypernet.g.cs</c> from metadata names (never an
/// <c>@</c>), unique in the compilation for any legal C#. Roslyn compares hint names ignoring case and accepts only
/// some characters, so a name that had to be changed, or whose type has a sibling differing only in case (<c>Net</c>,
/// <c>NET</c>), gets a hash of its exact full name; everything else keeps the readable name.
/// </summary>
internal static class HintNames
{
    const string Suffix = Spec.GeneratedNames.FileSuffix;

    public static string For(INamedTypeSymbol type)
    {
        string exact = FullMetadataName(type);
        var safe = new StringBuilder(exact.Length);
        foreach (char c in exact)
            safe.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '+' ? c : '_');
        bool changed = safe.ToString() != exact;
        return changed || HasCaseTwin(type)
            ? safe + "." + Fnv1a(exact).ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + Suffix
            : safe + Suffix;
    }

    /// <summary><c>Demo.Models.Outer+Net`1</c>-style: namespaces joined by '.', containing types by '+', generic arity kept.</summary>
    static string FullMetadataName(INamedTypeSymbol type)
    {
        string name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            name = outer.MetadataName + "+" + name;
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            name = ns.MetadataName + "." + name;
        return name;
    }

    /// <summary>Whether the type's container holds another type whose name differs from it only in case.</summary>
    static bool HasCaseTwin(INamedTypeSymbol type)
    {
        var siblings = type.ContainingType is { } outer ? outer.GetTypeMembers() : type.ContainingNamespace.GetTypeMembers();
        return siblings.Any(s => !SymbolEqualityComparer.Default.Equals(s, type)
                                 && string.Equals(s.MetadataName, type.MetadataName, System.StringComparison.OrdinalIgnoreCase)
                                 && s.MetadataName != type.MetadataName);
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
