using HyperGen.Generators.Emit;
using HyperGen.Generators.Parsing;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperGen.Generators;

/// <summary>
/// <c>[Hypernet]</c> + layer attributes on a partial class → a TorchSharp hypernet module with hyperfan init.
/// This file holds only the pipeline: attribute → value-equatable spec (all symbol work happens in the
/// transform) → one source file per class. A class with problems gets only its public surface, so its users see
/// the analyzers' HG error alone; an unusable declaration (not partial, a record, …) gets nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class HypernetGenerator : IIncrementalGenerator
{
    static readonly string Version = typeof(HypernetGenerator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var specs = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.Hypernet,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, ct) => HypernetSpecParser.SpecToEmit(ctx, ct))
            .WithTrackingName(TrackingNames.Specs)
            .Where(static spec => spec is not null)
            .Select(static (spec, _) => spec!)
            .WithTrackingName(TrackingNames.ValidSpecs);

        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(spec.HintName, HypernetEmitter.Emit(spec, Version)));
    }
}
