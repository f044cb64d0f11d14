using System.Collections.Immutable;
using System.Linq;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;

namespace HyperGen.Analyzers.Common;

/// <summary>
/// The TorchSharp and HyperGen symbols the analyzers match against, looked up once per compilation (in a
/// compilation-start action) and then compared by identity, so <c>nn.init.x</c>, <c>torch.nn.init.x</c> and
/// <c>using static</c> spellings are all the same call.
/// </summary>
internal sealed class KnownSymbols
{
    readonly Compilation compilation;
    readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, HypernetSpec?> specs = new(SymbolEqualityComparer.Default);

    KnownSymbols(Compilation c)
    {
        compilation = c;
        Init = c.GetTypeByMetadataName("TorchSharp.torch+nn+init");
        Functional = c.GetTypeByMetadataName("TorchSharp.torch+nn+functional");
        Linear = c.GetTypeByMetadataName("TorchSharp.Modules.Linear");
        Module = c.GetTypeByMetadataName("TorchSharp.torch+nn+Module");
        Tensor = c.GetTypeByMetadataName("TorchSharp.torch+Tensor");
        Torch = c.GetTypeByMetadataName("TorchSharp.torch");
        HypernetAttribute = c.GetTypeByMetadataName(AttributeNames.Hypernet);
        HypernetHeadAttribute = c.GetTypeByMetadataName(AttributeNames.HypernetHead);
        HeadInit = c.GetTypeByMetadataName("HyperGen.HeadInit");
        HyperfanMode = c.GetTypeByMetadataName("HyperGen.HyperfanMode");
        Hypernet = c.GetTypeByMetadataName("HyperGen.IHypernet");
    }

    public static KnownSymbols Create(Compilation compilation) => new(compilation);

    public INamedTypeSymbol? Init { get; }
    public INamedTypeSymbol? Functional { get; }
    public INamedTypeSymbol? Linear { get; }
    public INamedTypeSymbol? Module { get; }
    public INamedTypeSymbol? Tensor { get; }
    public INamedTypeSymbol? Torch { get; }
    public INamedTypeSymbol? HypernetAttribute { get; }
    public INamedTypeSymbol? HypernetHeadAttribute { get; }
    public INamedTypeSymbol? HeadInit { get; }
    public INamedTypeSymbol? HyperfanMode { get; }
    /// <summary>The runtime's <c>IHypernet</c>, which every generated hypernet (through its runtime base) implements.</summary>
    public INamedTypeSymbol? Hypernet { get; }

    /// <summary>A type every instance of which is a generated hypernet: <c>HypernetModule</c> and its siblings, or <c>IHypernet</c>.</summary>
    public bool IsRuntimeHypernet(ITypeSymbol type) =>
        Hypernet is not null && (SymbolEqualityComparer.Default.Equals(type, Hypernet) || type.AllInterfaces.Contains(Hypernet, SymbolEqualityComparer.Default));

    /// <summary>TorchSharp and the HyperGen runtime are both referenced: the head rules can run.</summary>
    public bool HasTorchSharpAndRuntime => Init is not null && Functional is not null && Linear is not null && Tensor is not null && HypernetHeadAttribute is not null;

    /// <summary>nn.init functions that are classical by definition (their scale comes from the tensor's own fans).</summary>
    public static readonly ImmutableHashSet<string> ClassicalInitNames = ImmutableHashSet.Create(
        "xavier_uniform_", "xavier_normal_", "glorot_uniform_", "glorot_normal_", "kaiming_uniform_", "kaiming_normal_");

    /// <summary>nn.init functions that are classical only when their scale is (see ScaleHeuristics).</summary>
    public static readonly ImmutableHashSet<string> ScaledInitNames = ImmutableHashSet.Create("uniform_", "normal_", "trunc_normal_");

    /// <summary>functional ops whose argument 1 is a weight and argument 2 a bias.</summary>
    public static readonly ImmutableHashSet<string> WeightConsumers = ImmutableHashSet.Create("linear", "conv1d", "conv2d", "conv3d");

    /// <summary>Tensor methods that reshape a head's flat output into a weight.</summary>
    public static readonly ImmutableHashSet<string> Reshapes = ImmutableHashSet.Create("view", "reshape", "unflatten", "view_as");

    public bool IsLinear(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t, Linear))
                return true;
        return false;
    }

    public bool IsModule(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t, Module))
                return true;
        return false;
    }

    public bool IsTensor(ITypeSymbol? type)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t, Tensor))
                return true;
        return false;
    }

    public bool IsInitCall(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingType, Init);
    public bool IsFunctionalCall(IMethodSymbol method) => SymbolEqualityComparer.Default.Equals(method.ContainingType, Functional);
    public bool IsTensorMethod(IMethodSymbol method) => IsTensor(method.ContainingType);

    public bool HasHeadAttribute(ISymbol member)
    {
        if (HypernetHeadAttribute is null)
            return false;
        foreach (var a in member.GetAttributes())
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, HypernetHeadAttribute))
                return true;
        return false;
    }

    public AttributeData? HeadAttribute(ISymbol member)
    {
        if (HypernetHeadAttribute is null)
            return null;
        foreach (var a in member.GetAttributes())
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, HypernetHeadAttribute))
                return a;
        return null;
    }

    /// <summary>
    /// The spec the generator builds for a <c>[Hypernet]</c> type — the same parser, so its heads, tensors and shapes
    /// are exactly the generated ones — or null when the type is no hypernet or has an error (nothing is generated).
    /// Parsed once per type and compilation.
    /// </summary>
    public HypernetSpec? SpecOf(INamedTypeSymbol type, System.Threading.CancellationToken ct) =>
        !HasHypernetAttribute(type) ? null
        : specs.TryGetValue(type, out var cached) ? cached
        : specs.GetOrAdd(type, HyperGen.Generators.Parsing.HypernetSpecParser.Parse(type, compilation, ct).Spec);

    public bool HasHypernetAttribute(INamedTypeSymbol type)
    {
        if (HypernetAttribute is null)
            return false;
        foreach (var a in type.GetAttributes())
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, HypernetAttribute))
                return true;
        return false;
    }
}
