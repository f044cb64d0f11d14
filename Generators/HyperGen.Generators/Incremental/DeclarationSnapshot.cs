using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HyperGen.Generators.Incremental;

/// <summary>
/// The compilation as far as a <c>[Hypernet]</c> class can see it: every file's declarations (member bodies
/// left out), the references and the options. Two snapshots are equal when none of these changed.
/// </summary>
/// <remarks>
/// <para>
/// Why this is enough: everything the parser reads — attribute arguments (constants), the names they bind to,
/// the class's modifiers, base, members and containing types, whether TorchSharp is referenced — is declared
/// outside member bodies. Roslyn's top-level equivalence (<see cref="SyntaxTree.IsEquivalentTo"/> with
/// <c>topLevel: true</c>) compares exactly that: it skips the contents of blocks, expression bodies and
/// non-const field initializers, and compares everything else token by token, const initializers and
/// attribute arguments included. It is the test the IDE itself uses to decide whether an edit can change
/// other files' semantics.
/// </para>
/// <para>
/// So an edit inside a method body yields an equal snapshot, the pipeline keeps every spec and output
/// cached, and no attribute is bound again. (<c>ForAttributeWithMetadataName</c> re-binds the attributes of
/// every matched class on every edit, because its transform depends on the whole compilation.) Any other
/// edit, or a change of references or options, yields an unequal snapshot and every class is parsed again
/// on the new compilation; specs that come out equal still leave their outputs cached.
/// </para>
/// <para>
/// The compilation is held weakly: when snapshots compare equal the driver keeps the older one, and a strong
/// reference would keep an outdated compilation alive for as long as edits stay inside bodies. The
/// compilation is only read in the run that produced the snapshot, while the driver holds it.
/// </para>
/// </remarks>
internal sealed class DeclarationSnapshot : IEquatable<DeclarationSnapshot>
{
    readonly WeakReference<Compilation> _compilation;
    readonly ImmutableArray<SyntaxTree> _trees;
    readonly ImmutableArray<MetadataReference> _references;
    readonly CompilationOptions _options;
    readonly string? _assemblyName;

    public DeclarationSnapshot(Compilation compilation)
    {
        _compilation = new WeakReference<Compilation>(compilation);
        _trees = ImmutableArray.CreateRange(compilation.SyntaxTrees);
        // Not Compilation.References: it also lists #r directive references, which binds every reference
        // (C# scripts only; in a project, references are all external, and a #r would change a tree anyway).
        _references = compilation.ExternalReferences;
        _options = compilation.Options;
        _assemblyName = compilation.AssemblyName;
    }

    /// <summary>The compilation this snapshot was taken from; always available in the run that took it.</summary>
    public bool TryGetCompilation(out Compilation compilation) => _compilation.TryGetTarget(out compilation!);

    public bool Equals(DeclarationSnapshot? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (_assemblyName != other._assemblyName || !_options.Equals(other._options)
            || _trees.Length != other._trees.Length || _references.Length != other._references.Length)
            return false;
        for (int i = 0; i < _references.Length; i++)
            if (!_references[i].Equals(other._references[i]))
                return false;
        for (int i = 0; i < _trees.Length; i++)
            if (!SameDeclarations(_trees[i], other._trees[i]))
                return false;
        return true;
    }

    /// <summary>Same file, same parse options, and equal outside member bodies (an unchanged file is the same object).</summary>
    static bool SameDeclarations(SyntaxTree a, SyntaxTree b) =>
        ReferenceEquals(a, b)
        || (a.FilePath == b.FilePath && a.Options.Equals(b.Options) && a.IsEquivalentTo(b, topLevel: true));

    public override bool Equals(object? obj) => Equals(obj as DeclarationSnapshot);

    // Consistent with Equals: body edits change none of these.
    public override int GetHashCode() => (_trees.Length * 397) ^ _references.Length ^ (_assemblyName?.GetHashCode() ?? 0);
}
