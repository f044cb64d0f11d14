using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using HyperGen.Generators.Parsing;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperGen.Generators.Incremental;

/// <summary>
/// Finds the <c>[Hypernet]</c> classes of a compilation and parses each into a spec — what
/// <c>ForAttributeWithMetadataName("HyperGen.HypernetAttribute")</c> on class declarations did, run once per
/// <see cref="DeclarationSnapshot"/> instead of once per edit. The same matching: a class declaration whose
/// attribute lists name <c>Hypernet</c>/<c>HypernetAttribute</c> (or a using alias of it) and whose symbol
/// carries HyperGen's <c>HypernetAttribute</c> from that file; each class once, in file and declaration order.
/// </summary>
internal static class HypernetDiscovery
{
    const string ShortName = "Hypernet";

    /// <summary>
    /// The spec to emit for every <c>[Hypernet]</c> class: the full spec of a valid class, the surface spec of a class with
    /// problems (the analyzers report them), nothing for a declaration no generated part can join (<c>file</c> types,
    /// primary constructors, not partial, …). Hint names that would collide ignoring case get a hash of the exact name.
    /// </summary>
    public static ImmutableArray<HypernetSpec> ParseAll(DeclarationSnapshot snapshot, CancellationToken ct)
    {
        if (!snapshot.TryGetCompilation(out var compilation))
            return ImmutableArray<HypernetSpec>.Empty;
        compilation = WithoutNullableAnalysis(compilation);
        var names = AttributeNamesFor(compilation, ct);
        var specs = ImmutableArray.CreateBuilder<HypernetSpec>();
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        var candidates = new List<ClassDeclarationSyntax>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            ct.ThrowIfCancellationRequested();
            candidates.Clear();
            CollectCandidates(tree.GetRoot(ct), names, candidates);
            if (candidates.Count == 0)
                continue;
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in candidates)
            {
                if (model.GetDeclaredSymbol(declaration, ct) is not { } type || !CarriesHypernet(type, tree) || !seen.Add(type))
                    continue;
                if (HypernetSpecParser.CanHaveGeneratedPart(type, ct) && HypernetSpecParser.Parse(type, compilation, ct).ToEmit is { } spec)
                    specs.Add(spec);
            }
        }
        return HintNames.Disambiguate(specs.ToImmutable());
    }

    /// <summary>
    /// The compilation to read attributes from: the same one with the project's nullable context switched off. Binding an
    /// attribute in a nullable-enabled context also runs the nullable walker over its arguments, which was a quarter of a
    /// cold run and decides nothing the parser reads: constant values, the symbols names bind to, the declarations. The
    /// copy shares the syntax trees, the declaration table and the bound references (Roslyn reuses the reference manager
    /// when only the nullable option differs), so it costs nothing to make; its symbols are dropped after the parse. A
    /// file's own <c>#nullable enable</c> still turns the walker on there (correct, only slower).
    /// </summary>
    internal static Compilation WithoutNullableAnalysis(Compilation compilation) =>
        compilation is CSharpCompilation { Options.NullableContextOptions: not NullableContextOptions.Disable } cs
            ? cs.WithOptions(cs.Options.WithNullableContextOptions(NullableContextOptions.Disable))
            : compilation;

    /// <summary>True when <paramref name="type"/> has HyperGen's <c>[Hypernet]</c> applied in <paramref name="tree"/>.</summary>
    static bool CarriesHypernet(INamedTypeSymbol type, SyntaxTree tree)
    {
        foreach (var attribute in type.GetAttributes())
            if (attribute.ApplicationSyntaxReference?.SyntaxTree == tree && IsHypernetAttributeClass(attribute.AttributeClass))
                return true;
        return false;
    }

    // Exactly HyperGen.HypernetAttribute (the metadata name ForAttributeWithMetadataName compared), not a
    // nested or generic namesake, not an unresolved name.
    static bool IsHypernetAttributeClass(INamedTypeSymbol? cls) =>
        cls is { Name: AttributeNames.HypernetShort, Arity: 0, ContainingType: null } && cls.TypeKind != TypeKind.Error
        && cls.ContainingNamespace is { Name: AttributeNames.Namespace, ContainingNamespace.IsGlobalNamespace: true };

    /// <summary>
    /// The simple names an attribute naming <c>[Hypernet]</c> can have: <c>Hypernet</c>, <c>HypernetAttribute</c>,
    /// and every using alias (file-local or global, in any file) whose target ends in one of these, transitively.
    /// </summary>
    static HashSet<string> AttributeNamesFor(Compilation compilation, CancellationToken ct)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal) { ShortName, AttributeNames.HypernetShort };
        var aliases = new List<(string Alias, string Target)>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            ct.ThrowIfCancellationRequested();
            if (tree.GetRoot(ct) is CompilationUnitSyntax unit)
                CollectAliases(unit.Usings, unit.Members, aliases);
        }
        for (bool grew = aliases.Count > 0; grew;)
        {
            grew = false;
            foreach (var (alias, target) in aliases)
                if (names.Contains(target) && names.Add(alias))
                    grew = true;
        }
        return names;
    }

    static void CollectAliases(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members, List<(string, string)> aliases)
    {
        foreach (var directive in usings)
            if (directive.Alias is { } alias && RightmostName(directive.NamespaceOrType) is { } target)
                aliases.Add((alias.Name.Identifier.ValueText, target));
        foreach (var member in members)
            if (member is BaseNamespaceDeclarationSyntax ns)
                CollectAliases(ns.Usings, ns.Members, aliases);
    }

    static string? RightmostName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
        SimpleNameSyntax s => s.Identifier.ValueText,
        _ => null,
    };

    /// <summary>Class declarations (at any nesting) with an attribute whose name is one of <paramref name="names"/>; only namespaces and types are entered.</summary>
    static void CollectCandidates(SyntaxNode node, HashSet<string> names, List<ClassDeclarationSyntax> into)
    {
        var members = node switch
        {
            CompilationUnitSyntax unit => unit.Members,
            BaseNamespaceDeclarationSyntax ns => ns.Members,
            TypeDeclarationSyntax type => type.Members,
            _ => default,
        };
        foreach (var member in members)
        {
            if (member is ClassDeclarationSyntax cls && NamesAttribute(cls.AttributeLists, names))
                into.Add(cls);
            if (member is BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
                CollectCandidates(member, names, into);
        }
    }

    static bool NamesAttribute(SyntaxList<AttributeListSyntax> lists, HashSet<string> names)
    {
        foreach (var list in lists)
            foreach (var attribute in list.Attributes)
                if (RightmostName(attribute.Name) is { } name && names.Contains(name))
                    return true;
        return false;
    }
}
