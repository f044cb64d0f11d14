using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using HyperGen.Generators.Helpers;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperGen.Generators.Parsing;

/// <summary>
/// The parser's answer: a spec when the class is valid, and every problem found either way. With problems, a
/// <see cref="Surface"/> spec describes as much of the class as is known, so the generator can still emit its public
/// surface (one mistake, one error) — unless the declaration itself is unusable (not partial, a record, …).
/// </summary>
internal readonly struct ParseResult(HypernetSpec? spec, ImmutableArray<SpecProblem> problems, HypernetSpec? surface = null)
{
    public HypernetSpec? Spec { get; } = spec;
    public ImmutableArray<SpecProblem> Problems { get; } = problems;
    /// <summary>For a class with problems: the spec of its public surface (<see cref="HypernetSpec.SurfaceOnly"/>), or null.</summary>
    public HypernetSpec? Surface { get; } = surface;
    /// <summary>What the generator emits: the spec, else the surface, else nothing.</summary>
    public HypernetSpec? ToEmit => Spec ?? Surface;
}

/// <summary>
/// Reads a <c>[Hypernet]</c> class's attributes into a <see cref="HypernetSpec"/>, inferring and checking
/// every shape. Shared by the generator (which keeps only the spec) and the analyzers (which report the
/// problems). Never throws on user input.
/// </summary>
internal static partial class HypernetSpecParser
{
    /// <summary>Largest embedding, hidden width or single dimension accepted.</summary>
    public const long MaxWidth = 1 << 20;
    /// <summary>Largest generated tensor (elements): TorchSharp views and heads beyond this are not practical.</summary>
    public const long MaxTensorElements = int.MaxValue;
    /// <summary>Largest head weight (elements), i.e. 16 GiB of float32.</summary>
    public const long MaxHeadElements = 1L << 32;
    /// <summary>float32's smallest normal number: generated tensors are float32, so variances and moments below it are not representable.</summary>
    public const double SmallestNormalSingle = 1.1754943508222875e-38;

    public static ParseResult Parse(INamedTypeSymbol type, Compilation compilation, CancellationToken ct)
    {
        var ctx = new Context(type, ct);
        try
        {
            var spec = ctx.Run(compilation);
            var problems = ctx.Problems.ToImmutableArray();
            if (problems.IsEmpty)
                return new ParseResult(spec, problems);
            bool surfaceable = spec is not null && !problems.Any(p => BlocksSurface.Contains(p.Kind))
                               && !ctx.Clashes.Contains(GeneratedNames.Definition) // every surface member reads Definition
                               && !ctx.MemberNamedWeights; // GenerateWeights and Mainnet name the type Weights; a user type of that name would do
            return new ParseResult(null, problems, surfaceable ? spec! with { SurfaceOnly = true, Omitted = ctx.Clashes.ToEquatableArray() } : null);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or IndexOutOfRangeException or OverflowException or NullReferenceException)
        {
            // Defence in depth: malformed attribute data must never crash the compiler. Report it as unreadable.
            ctx.Report(ProblemKind.InvalidArgument, type.Locations.FirstOrDefault(), type.Name, "unreadable", "HyperGen could not read its attributes: " + e.Message);
            return new ParseResult(null, ctx.Problems.ToImmutableArray());
        }
    }

    /// <summary>
    /// Problems with the declaration itself, where any generated part would add compiler errors of its own (a partial
    /// part next to a non-partial one, a second base class, no TorchSharp): no surface then.
    /// </summary>
    static readonly ProblemKind[] BlocksSurface =
        [ProblemKind.NotPartial, ProblemKind.UnsupportedType, ProblemKind.BaseClass, ProblemKind.MissingTorchSharp,
         // A class named like a member of its own generated part (CS0542 in any surface).
         ProblemKind.TypeNamedLikeMember,
         // Generated code in a C# version that cannot read it: any surface would add the compiler's own errors.
         ProblemKind.LanguageVersionTooOld, ProblemKind.ReferencedUnderAlias];

    /// <summary>
    /// Whether the generator can add a part to <paramref name="type"/> at all: a <c>file</c> type's part would be
    /// another type, and a primary constructor would need every generated constructor to chain to it. Neither gets
    /// generated code (the analyzers say why).
    /// </summary>
    public static bool CanHaveGeneratedPart(INamedTypeSymbol type, CancellationToken ct)
    {
        for (var t = type; t is not null; t = t.ContainingType)
            if (t.IsFileLocal)
                return false;
        foreach (var reference in type.DeclaringSyntaxReferences)
            if (reference.GetSyntax(ct) is TypeDeclarationSyntax { ParameterList: not null })
                return false;
        return true;
    }

    /// <summary>True when <paramref name="attribute"/> is one of HyperGen's layer attributes.</summary>
    public static bool IsLayerAttribute(AttributeData attribute, out LayerKind kind)
    {
        kind = default;
        var cls = attribute.AttributeClass;
        return cls is not null && IsHyperGenNamespace(cls.ContainingNamespace) && AttributeNames.Layers.TryGetValue(cls.Name, out kind);
    }

    public static bool IsHypernetAttribute(AttributeData attribute)
    {
        var cls = attribute.AttributeClass;
        return cls is not null && cls.Name == AttributeNames.HypernetShort && IsHyperGenNamespace(cls.ContainingNamespace);
    }

    static bool IsHyperGenNamespace(INamespaceSymbol? ns) =>
        ns is not null && ns.Name == AttributeNames.Namespace && ns.ContainingNamespace is { IsGlobalNamespace: true };

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
    static string Shape(IEnumerable<long> shape) => string.Join(", ", shape.Select(Text));

    sealed partial class Context(INamedTypeSymbol type, CancellationToken ct)
    {
        public readonly List<SpecProblem> Problems = new();

        public void Report(ProblemKind kind, Location? location, params string[] args) =>
            Report(kind, location, ImmutableDictionary<string, string?>.Empty, args);

        public void Report(ProblemKind kind, Location? location, ImmutableDictionary<string, string?> properties, params string[] args) =>
            Problems.Add(new SpecProblem(kind, location ?? type.Locations.FirstOrDefault(), args.ToImmutableArray(), properties));

        Location? TypeLocation => type.Locations.FirstOrDefault();

        public HypernetSpec? Run(Compilation compilation)
        {
            CheckDeclaration(compilation);

            var attributes = type.GetAttributes();
            var hypernet = attributes.FirstOrDefault(IsHypernetAttribute);
            var layerAttributes = new List<(AttributeData Data, LayerKind Kind)>();
            foreach (var a in attributes)
                if (IsLayerAttribute(a, out var kind))
                    layerAttributes.Add((a, kind));
            var customTensors = attributes.Where(IsGenerateTensorAttribute).ToList();

            if (hypernet is null)
            {
                foreach (var (data, kind) in layerAttributes)
                    Report(ProblemKind.LayerWithoutHypernet, AttributeLocation(data), type.Name, kind.ToString());
                foreach (var data in customTensors)
                    Report(ProblemKind.LayerWithoutHypernet, AttributeLocation(data), type.Name, "GenerateTensor");
                return null;
            }
            if (layerAttributes.Count == 0 && customTensors.Count == 0)
                Report(ProblemKind.NoLayers, AttributeLocation(hypernet), type.Name);
            CheckLayersOnOneDeclaration(layerAttributes.Select(l => l.Data).Concat(customTensors));

            CheckArgumentsUseNoGeneratedCode(compilation, layerAttributes.Select(l => l.Data).Concat(customTensors).Prepend(hypernet));
            var settings = ReadHypernet(hypernet);
            CheckBase(settings.Conditioning, compilation);
            CheckConstructors();
            CheckHiddenSizes(hypernet, settings);
            var layers = new List<LayerSpec>();
            var tensors = new List<TensorSpec>();
            bool custom = customTensors.Count > 0, mainnetImplemented = false;
            if (custom)
            {
                if (layerAttributes.Count > 0)
                    Report(ProblemKind.UnsupportedCombination, AttributeLocation(layerAttributes[0].Data), type.Name, "[GenerateTensor]", "layer attributes",
                        "declare the mainnet either with layers or with [GenerateTensor] and your own Mainnet");
                if (settings.Conditioning.IsBatched())
                    Report(ProblemKind.UnsupportedCombination, AttributeLocation(hypernet), type.Name, "[GenerateTensor]",
                        settings.Conditioning == Conditioning.Input ? "ConditionSize" : "Noise", "a custom forward runs one mainnet; use layer attributes for batched mainnets");
                if (!settings.Input.IsEmpty)
                    Report(ProblemKind.UnsupportedCombination, NamedLocation(hypernet, "Input"), type.Name, "[GenerateTensor]", "Input",
                        "shapes are inferred from layer attributes only; your Mainnet defines the input");
                tensors = ReadCustomTensors(customTensors, settings) ?? tensors;
                mainnetImplemented = CheckUserMainnet();
            }
            else
            {
                if (layerAttributes.Count > 0 && !layerAttributes.Any(l => l.Kind.HasWeights()))
                    Report(ProblemKind.NoGeneratedTensors, AttributeLocation(hypernet), type.Name);
                ReadLayers(layerAttributes, settings, layers, tensors);
            }
            CheckChunks(hypernet, settings, tensors);
            CheckLanguageVersion(compilation, custom);

            var spec = new HypernetSpec(
                type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : "",
                type.Name,
                ContainingTypeDeclarations(),
                settings.Embedding, settings.Hidden, settings.HiddenActivation, settings.Mode, settings.Calibrate, settings.Input,
                layers.ToEquatableArray(), tensors.ToEquatableArray())
            {
                Conditioning = settings.Conditioning,
                Heads = settings.Chunk > 0 ? HeadLayout.Chunked : HeadLayout.PerTensor,
                Forward = custom ? ForwardKind.Custom : ForwardKind.Generated,
                Conditions = settings.Conditions,
                ConditionWidth = settings.ConditionWidth,
                ConditionSecondMoment = settings.ConditionSecondMoment,
                Chunk = settings.Chunk,
                MainnetImplemented = mainnetImplemented,
                CSharp10 = compilation is CSharpCompilation { LanguageVersion: >= LanguageVersion.CSharp10 },
                HintName = HintNames.For(type),
                MetadataName = HintNames.FullMetadataName(type),
            };
            CheckClashes(spec);
            return spec;
        }

        void ReadLayers(List<(AttributeData Data, LayerKind Kind)> layerAttributes, HypernetSettings settings, List<LayerSpec> layers, List<TensorSpec> tensors)
        {
            var names = new Dictionary<string, AttributeData>(StringComparer.Ordinal);
            EquatableArray<long> shape = settings.Input;
            int weightLayers = 0;
            bool shapesKnown = true; // after the first shape error, later mismatches would only repeat it
            foreach (var (data, kind) in layerAttributes)
            {
                ct.ThrowIfCancellationRequested();
                var layer = ReadLayer(data, kind, kind.HasWeights() ? weightLayers : -1, names);
                // Count a weight layer even when its arguments had errors: its default name (Layer{n}) is taken,
                // and the next layer must not be reported as a duplicate of it.
                if (kind.HasWeights()) weightLayers++;
                if (layer is null)
                {
                    shapesKnown = false;
                    continue;
                }
                EquatableArray<long> output = EquatableArray<long>.Empty;
                if (shapesKnown)
                {
                    var inferred = InferOutput(data, layer, shape);
                    if (inferred is null) shapesKnown = false;
                    else output = inferred.Value;
                }
                layer = layer with { InputShape = shapesKnown ? shape : EquatableArray<long>.Empty, OutputShape = output };
                layers.Add(layer);
                shape = output;
                if (kind.HasWeights())
                    AddTensors(data, layer, settings, tensors);
            }
        }

        void CheckDeclaration(Compilation compilation)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(ct);
                if (node is RecordDeclarationSyntax record)
                    Report(ProblemKind.UnsupportedType, record.Identifier.GetLocation(), type.Name, "a record");
                else if (node is TypeDeclarationSyntax decl && !decl.Modifiers.Any(SyntaxKind.PartialKeyword))
                    Report(ProblemKind.NotPartial, decl.Identifier.GetLocation(), type.Name);
            }
            if (type.TypeKind != TypeKind.Class)
                Report(ProblemKind.UnsupportedType, TypeLocation, type.Name, "not a class");
            if (type.IsStatic)
                Report(ProblemKind.UnsupportedType, TypeLocation, type.Name, "static");
            if (type.IsGenericType)
                Report(ProblemKind.UnsupportedType, TypeLocation, type.Name, "generic");
            CheckFileLocal();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                if (outer.IsGenericType)
                    Report(ProblemKind.UnsupportedType, TypeLocation, type.Name, "nested in the generic type '" + outer.Name + "'");
                foreach (var reference in outer.DeclaringSyntaxReferences)
                    if (reference.GetSyntax(ct) is TypeDeclarationSyntax decl && !decl.Modifiers.Any(SyntaxKind.PartialKeyword))
                        Report(ProblemKind.NotPartial, decl.Identifier.GetLocation(), outer.Name);
            }
            if (compilation.GetTypeByMetadataName(AttributeNames.TorchSharpModule) is null)
            {
                if (AliasOf(compilation, AttributeNames.TorchSharpModule) is { } alias)
                    Report(ProblemKind.ReferencedUnderAlias, TypeLocation, type.Name, "TorchSharp", "TorchSharp", alias);
                else
                    Report(ProblemKind.MissingTorchSharp, TypeLocation, type.Name);
            }
            // The attributes bound, so the runtime is referenced; its types missing from the global namespace means an alias.
            if (compilation.GetTypeByMetadataName(RuntimeBases.Plain) is null && AliasOf(compilation, RuntimeBases.Plain) is { } runtimeAlias)
                Report(ProblemKind.ReferencedUnderAlias, TypeLocation, type.Name, AttributeNames.Namespace, "the HyperGen runtime", runtimeAlias);
        }

        /// <summary>
        /// The extern alias of the reference that declares <paramref name="metadataName"/>, when only an aliased reference does
        /// (<c>GetTypeByMetadataName</c> looks in the global alias only): the generated code's <c>global::</c> names miss it.
        /// </summary>
        string? AliasOf(Compilation compilation, string metadataName)
        {
            foreach (var reference in compilation.References)
                if (!reference.Properties.Aliases.IsDefaultOrEmpty
                    && compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly
                    && assembly.GetTypeByMetadataName(metadataName) is not null)
                    return reference.Properties.Aliases[0];
            return null;
        }

        /// <summary>
        /// The class may repeat the base the generated part declares (C# allows the same base on every part; the
        /// analyzers see the generated part's); any other base class is an error. Which Module the generated part
        /// derives from depends on the form, so this runs once the [Hypernet] options are known.
        /// </summary>
        void CheckBase(Conditioning conditioning, Compilation compilation)
        {
            var baseType = type.BaseType;
            if (baseType is null || (baseType.SpecialType == SpecialType.System_Object && !DeclaresObjectBase(compilation))
                || (baseType.ToDisplayString() == RuntimeBases.For(conditioning) && baseType.ContainingAssembly?.Name == AttributeNames.Namespace))
                return;
            Location? location = null;
            foreach (var reference in type.DeclaringSyntaxReferences)
                if (reference.GetSyntax(ct) is ClassDeclarationSyntax { BaseList: { } list } && list.Types.Count > 0)
                    location = list.Types[0].GetLocation();
            Report(ProblemKind.BaseClass, location, type.Name, baseType.ToDisplayString(), RuntimeBases.For(conditioning));
        }

        /// <summary><c>partial class Net : object</c>: as good as another base next to the generated part's.</summary>
        bool DeclaresObjectBase(Compilation compilation)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
                if (reference.GetSyntax(ct) is ClassDeclarationSyntax { BaseList.Types: { Count: > 0 } types }
                    && compilation.GetSemanticModel(types[0].SyntaxTree).GetTypeInfo(types[0].Type, ct).Type is { SpecialType: SpecialType.System_Object })
                    return true;
            return false;
        }

        /// <summary>
        /// The generated file needs C# 8 (<c>#nullable</c>; before C# 10 it takes a block namespace and no target-typed <c>new</c>); a custom forward's
        /// <c>public static partial Mainnet</c> is C# 9 (extended partial methods). A project on an older LangVersion gets
        /// this error instead of the compiler's errors inside the generated file.
        /// </summary>
        void CheckLanguageVersion(Compilation compilation, bool custom)
        {
            if (compilation is not CSharpCompilation { LanguageVersion: var version })
                return;
            var (needed, feature) = custom
                ? (LanguageVersion.CSharp9, "its Mainnet is a public static partial method")
                : (LanguageVersion.CSharp8, "it uses #nullable");
            if (version < needed)
                Report(ProblemKind.LanguageVersionTooOld, TypeLocation, type.Name, needed.ToDisplayString(), feature, version.ToDisplayString());
        }

        void CheckLayersOnOneDeclaration(IEnumerable<AttributeData> layers)
        {
            if (type.DeclaringSyntaxReferences.Length < 2)
                return; // one declaration holds them all
            var owners = layers.Select(a => a.ApplicationSyntaxReference?.GetSyntax(ct).FirstAncestorOrSelf<TypeDeclarationSyntax>())
                               .Where(d => d is not null).Distinct().ToList();
            if (owners.Count > 1)
                Report(ProblemKind.LayersSplitAcrossParts, owners[1]!.Identifier.GetLocation(), type.Name);
        }

        EquatableArray<string> ContainingTypeDeclarations()
        {
            var list = new List<string>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                string keyword = outer.IsRecord ? (outer.TypeKind == TypeKind.Struct ? "record struct" : "record")
                               : outer.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
                list.Insert(0, "partial " + keyword + " " + Identifiers.Escape(outer.Name));
            }
            return list.ToEquatableArray();
        }
    }
}
