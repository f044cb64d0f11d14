using System;
using System.Collections.Generic;
using System.Linq;

namespace HyperGen.Generators.Spec;

// The compile-time half of the name contract (Shared/GeneratedNames.cs holds the half the runtime shares):
// what a given spec's generated class and runtime base reserve, and which of its parameters are heads.
internal static partial class GeneratedNames
{
    /// <summary>
    /// Every member name the user's part of the class must not declare: what the generated class declares for this
    /// form, what its runtime base declares (public or protected), and the parameters, buffers and modules the base
    /// registers by name (a user field of that name would silently not be registered).
    /// </summary>
    public static IEnumerable<string> ReservedMemberNames(HypernetSpec spec) =>
        GeneratedMembersOf(spec)
            .Concat(BaseMembers)
            .Concat(RegisteredNames(spec))
            .Distinct(StringComparer.Ordinal);

    /// <summary>
    /// A quick superset of <see cref="ReservedMemberNames"/> over every spec: false means no spec reserves the name. The
    /// parser checks a class's members against it first, so the usual class, whose members are all free, never builds its
    /// spec's set.
    /// </summary>
    public static bool MayBeReserved(string name) =>
        Sets.FixedReserved.Contains(name)
        || name.StartsWith("hidden", StringComparison.Ordinal)  // Hidden(i)
        || name.EndsWith("Head", StringComparison.Ordinal);     // HeadParameterName(tensor)

    /// <summary>The members the emitter writes for <paramref name="spec"/>'s form.</summary>
    public static IEnumerable<string> GeneratedMembersOf(HypernetSpec spec)
    {
        yield return Definition;
        yield return Forward;
        yield return GenerateWeights;
        yield return Mainnet;   // declared as a partial method for a custom forward, which the user implements
        if (spec.Forward == ForwardKind.Generated && spec.Conditioning.IsBatched())
            yield return MainnetBatched;
        switch (spec.Conditioning)
        {
            case Conditioning.Task:
                yield return ConditionCount;
                break;
            case Conditioning.Input:
                yield return ConditionSize;
                break;
            case Conditioning.Noise:
                yield return NoiseSize;
                yield return SampleWeights;
                yield return Ensemble;
                break;
        }
        yield return Weights;
        yield return Targets;
    }

    /// <summary>The names the runtime base registers for this spec: its checkpoint entries (before the <c>.weight</c>/<c>.bias</c> of modules).</summary>
    public static IEnumerable<string> RegisteredNames(HypernetSpec spec)
    {
        yield return Embeddings;
        if (spec.Conditioning == Conditioning.Task)
            yield return ConditionEmbeddings;
        for (int i = 1; i <= spec.Hidden.Count; i++)
            yield return Hidden(i);
        foreach (var head in HeadModuleNames(spec))
            yield return head;
        if (spec.Heads == HeadLayout.Chunked)
            yield return Scales;
        yield return InitRecord;
    }

    /// <summary>The head modules of <paramref name="spec"/>: one per tensor, or the chunked form's shared head.</summary>
    public static IEnumerable<string> HeadModuleNames(HypernetSpec spec) =>
        spec.Heads == HeadLayout.Chunked ? new[] { SharedHead } : spec.Tensors.Select(t => HeadParameterName(t.Name));

    /// <summary>
    /// Whether <paramref name="parameterName"/> (as <c>named_parameters()</c> yields it: <c>layer1WeightHead.weight</c>,
    /// or a head module's own name) belongs to one of <paramref name="spec"/>'s heads — what classical init must not touch.
    /// </summary>
    public static bool IsHeadParameter(HypernetSpec spec, string parameterName)
    {
        int dot = parameterName.IndexOf('.');
        string module = dot < 0 ? parameterName : parameterName.Substring(0, dot);
        return HeadModuleNames(spec).Contains(module, StringComparer.Ordinal);
    }

    /// <summary>Names no generated tensor may take: they would hide (or be) a member of <c>Weights</c> or <c>Targets</c>.</summary>
    public static HashSet<string> ReservedTensorNames => Sets.ReservedTensorNames;

    // Built on first use, after every field of the class (partial across files, whose initializers run in no set order).
    static class Sets
    {
        public static readonly HashSet<string> FixedReserved =
            new(GeneratedMembers.Concat(BaseMembers).Concat(new[] { Embeddings, ConditionEmbeddings, SharedHead, Scales, InitRecord }), StringComparer.Ordinal);

        public static readonly HashSet<string> ReservedTensorNames =
            new(WeightsBaseMembers.Concat(ObjectMembers).Concat(new[] { Weights, Targets, AllTargets, Definition }), StringComparer.Ordinal);
    }

    /// <summary>The <c>Weights</c> constructor's parameter for <paramref name="tensor"/>: camelCase, escaped if a keyword.</summary>
    public static string WeightsParameter(TensorSpec tensor) => Identifiers.Escape(Camel(tensor.Name));
}
