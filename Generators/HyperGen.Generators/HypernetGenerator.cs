using HyperGen.Generators.Emit;
using HyperGen.Generators.Incremental;
using Microsoft.CodeAnalysis;

namespace HyperGen.Generators;

/// <summary>
/// <c>[Hypernet]</c> + layer attributes on a partial class → a TorchSharp hypernet module with hyperfan init.
/// This file holds only the pipeline: compilation → declaration snapshot (equal across edits inside member
/// bodies) → one value-equatable spec per class (all symbol work happens here, once per snapshot) → one
/// source file per class. A class with problems gets only its public surface (so its users see the analyzers' HG
/// error alone); a declaration no generated part can join gets nothing.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class HypernetGenerator : IIncrementalGenerator
{
    static readonly string Version = typeof(HypernetGenerator).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Runs on every compilation but only compares: unchanged files are the same objects, an edited file
        // is compared outside its member bodies. An equal snapshot stops the pipeline here.
        var declarations = context.CompilationProvider
            .Select(static (compilation, _) => new DeclarationSnapshot(compilation))
            .WithTrackingName(TrackingNames.Declarations);

        var specs = declarations
            .SelectMany(static (snapshot, ct) => HypernetDiscovery.ParseAll(snapshot, ct))
            .WithTrackingName(TrackingNames.Specs);

        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(spec.HintName, HypernetEmitter.Emit(spec, Version)));
    }
}
