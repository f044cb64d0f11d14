using System;
using System.Collections.Generic;
using System.Linq;

namespace HyperGen;

/// <summary>
/// Everything a hypernet is, as plain values: its mainnet's layers (the tensors each generates, <see cref="Targets"/>,
/// fed by one learned embedding row per layer), the hypernet's widths and settings, and its form (<see cref="Conditioning"/>,
/// <see cref="Heads"/>). The generator writes one per <c>[Hypernet]</c> class from compile-time constants; the
/// runtime base builds, initialises and reports the hypernet from it. Checked on construction.
/// </summary>
public sealed class HypernetDefinition
{
    readonly TargetTensor[] _targets;
    readonly int[] _rows, _hidden;

    /// <summary>Describes a hypernet.</summary>
    /// <param name="name">The module's name (the class name).</param>
    /// <param name="embedding">Width <c>d_k</c> of each learned embedding.</param>
    /// <param name="layers">The mainnet's layers, in order: their weights and biases are the generated tensors.</param>
    /// <param name="hidden">Widths of the hidden MLP between embeddings and heads.</param>
    /// <param name="hiddenActivation">Its activation.</param>
    /// <param name="mode">The hyperfan mode of the initial (and <c>ResetParameters()</c>) init.</param>
    /// <param name="calibrate">Calibrate <c>V_e</c> on the realised head inputs (ignored, and false, for <see cref="Conditioning.Input"/>).</param>
    /// <param name="conditioning">What conditions the heads.</param>
    /// <param name="conditions">Task form: the number of learned condition embeddings.</param>
    /// <param name="conditionWidth">Width of the condition part: the task embedding, the external condition or the noise.</param>
    /// <param name="conditionSecondMoment">Input form: the declared <c>E[c²]</c> of the condition.</param>
    /// <param name="chunk">Chunked head layout: elements per chunk of one shared head; 0 for one head per tensor.</param>
    /// <exception cref="ArgumentException">An inconsistent definition; the message names the value.</exception>
    public HypernetDefinition(string name, int embedding, IReadOnlyList<HypernetLayer> layers,
        IReadOnlyList<int>? hidden = null, Activation hiddenActivation = HypernetDefaults.HiddenActivation,
        HyperfanMode mode = HypernetDefaults.Init, bool calibrate = HypernetDefaults.Calibrate,
        Conditioning conditioning = Conditioning.None, int conditions = 0, int conditionWidth = 0,
        double conditionSecondMoment = HypernetDefaults.ConditionSecondMoment, int chunk = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(layers);
        Guard.Positive(embedding, nameof(embedding));
        if (layers.Any(l => l is null))
            throw new ArgumentException($"{name}: a layer is null.", nameof(layers));
        if (layers.Count == 0)
            throw new ArgumentException($"{name}: a hypernet needs at least one layer whose tensors it generates; got none.", nameof(layers));
        _targets = layers.SelectMany(l => l.Tensors).ToArray();
        _rows = layers.SelectMany((l, row) => l.Tensors.Select(_ => row)).ToArray();
        var duplicate = _targets.GroupBy(t => GeneratedNames.HeadParameterName(t.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"{name}: two tensors would share the head '{duplicate.Key}'.", nameof(layers));
        _hidden = hidden?.ToArray() ?? [];
        for (int i = 0; i < _hidden.Length; i++)
            Guard.Positive(_hidden[i], $"{nameof(hidden)}[{i}]");
        if (!Enum.IsDefined(hiddenActivation))
            throw new ArgumentOutOfRangeException(nameof(hiddenActivation), hiddenActivation, $"{name}: unknown activation {(int)hiddenActivation}.");
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"{name}: unknown hyperfan mode {(int)mode}.");
        if (!Enum.IsDefined(conditioning))
            throw new ArgumentOutOfRangeException(nameof(conditioning), conditioning, $"{name}: unknown conditioning {(int)conditioning}.");
        if (conditioning == Conditioning.None ? conditionWidth != 0 : conditionWidth <= 0)
            throw new ArgumentOutOfRangeException(nameof(conditionWidth), conditionWidth,
                $"{name}: conditioning {conditioning} needs {(conditioning == Conditioning.None ? "no" : "a positive")} condition width.");
        if (conditioning == Conditioning.Task ? conditions <= 0 : conditions != 0)
            throw new ArgumentOutOfRangeException(nameof(conditions), conditions, $"{name}: only the task form has (a positive number of) conditions.");
        Guard.PositiveFinite(conditionSecondMoment, nameof(conditionSecondMoment));
        if (chunk < 0 || (chunk > 0 && conditioning != Conditioning.None))
            throw new ArgumentOutOfRangeException(nameof(chunk), chunk, $"{name}: chunks must be positive, and chunked hypernets are unconditional.");

        Name = name;
        Embedding = embedding;
        HiddenActivation = hiddenActivation;
        Mode = mode;
        Conditioning = conditioning;
        Calibrate = calibrate && conditioning != Conditioning.Input;
        Conditions = conditions;
        ConditionWidth = conditionWidth;
        ConditionSecondMoment = conditionSecondMoment;
        Chunk = chunk;
        GeneratedElements = _targets.Aggregate(0L, (sum, t) => sum > long.MaxValue - t.ElementCount
            ? throw new ArgumentOutOfRangeException(nameof(layers), $"{name}: the generated tensors have more than {long.MaxValue} elements in all.")
            : sum + t.ElementCount);
        long chunks = chunk > 0 ? GeneratedElements / chunk + (GeneratedElements % chunk == 0 ? 0 : 1) : 0;
        if (chunks > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(chunk), chunk,
                $"{name}: {GeneratedElements} generated elements in chunks of {chunk} make {chunks} chunks (one embedding row each); " +
                $"at most {int.MaxValue} fit. Use a larger chunk.");
        ChunkCount = (int)chunks;
        EmbeddingRows = chunk > 0 ? ChunkCount : layers.Count;
        HeadInputSize = _hidden.Length > 0 ? _hidden[^1] : embedding + conditionWidth;
        ExpectedHeadInputMoment = RevivesDeadHeadInputs
            ? HypernetParts.ExpectedHiddenMoment(InputMoment(), _hidden, hiddenActivation)
            : HypernetParts.ExpectedHiddenMoment(InputMoment(), _hidden.Length, hiddenActivation);
    }

    /// <summary>The module's name.</summary>
    public string Name { get; }
    /// <summary>Width <c>d_k</c> of each learned embedding.</summary>
    public int Embedding { get; }
    /// <summary>Widths of the hidden MLP.</summary>
    public IReadOnlyList<int> Hidden => _hidden;
    /// <summary>The hidden MLP's activation.</summary>
    public Activation HiddenActivation { get; }
    /// <summary>The hyperfan mode of the initial init.</summary>
    public HyperfanMode Mode { get; }
    /// <summary>Whether the initial init calibrates <c>V_e</c>.</summary>
    public bool Calibrate { get; }
    /// <summary>What conditions the heads.</summary>
    public Conditioning Conditioning { get; }
    /// <summary>Task form: the number of learned conditions.</summary>
    public int Conditions { get; }
    /// <summary>Width of the condition part of the head input (0 without conditioning).</summary>
    public int ConditionWidth { get; }
    /// <summary>Input form: the declared <c>E[c²]</c>.</summary>
    public double ConditionSecondMoment { get; }
    /// <summary>Elements per chunk (chunked layout), else 0.</summary>
    public int Chunk { get; }
    /// <summary>One head per tensor, or one shared head over chunks.</summary>
    public HeadLayout Heads => Chunk > 0 ? HeadLayout.Chunked : HeadLayout.PerTensor;
    /// <summary>The generated tensors, in order.</summary>
    public IReadOnlyList<TargetTensor> Targets => _targets;
    /// <summary>For each target, the embedding row (its layer) feeding its head.</summary>
    public IReadOnlyList<int> Rows => _rows;
    /// <summary>Total generated elements.</summary>
    public long GeneratedElements { get; }
    /// <summary>Chunked layout: ⌈elements / chunk⌉.</summary>
    public int ChunkCount { get; }
    /// <summary>Learned embedding rows: one per mainnet layer, or one per chunk.</summary>
    public int EmbeddingRows { get; }
    /// <summary>Width of the hidden MLP's input: <c>d_k</c> plus the condition width.</summary>
    public int InputWidth => Embedding + ConditionWidth;
    /// <summary>Width of the heads' input: the last hidden width, or <see cref="InputWidth"/>.</summary>
    public int HeadInputSize { get; }
    /// <summary>
    /// Expected second moment of the heads' input: <c>U(−√3, √3)</c> embeddings (and task embeddings, or <c>N(0, I)</c>
    /// noise) have <c>E = 1</c>, a declared condition its <see cref="ConditionSecondMoment"/>, concatenated as their
    /// dimension-weighted mean, carried through Kaiming-initialised hidden layers with zero biases.
    /// </summary>
    public double ExpectedHeadInputMoment { get; }

    /// <summary>
    /// Whether init redraws head inputs that the hidden MLP leaves all zero (narrow ReLU layers can): with a hidden MLP,
    /// for the forms whose head inputs are parameters. Not for the noise and input forms, whose head inputs are drawn per
    /// call: a dead sample is part of their distribution. The expected moment then includes the 1/P(alive) factor.
    /// </summary>
    public bool RevivesDeadHeadInputs => _hidden.Length > 0 && Conditioning is Conditioning.None or Conditioning.Task;

    double InputMoment() => Conditioning switch
    {
        Conditioning.None => 1.0,
        Conditioning.Input => SecondMoment.Concatenated((ConditionWidth, ConditionSecondMoment), (Embedding, 1.0)),
        _ => SecondMoment.Concatenated((ConditionWidth, 1.0), (Embedding, 1.0)),
    };

    /// <summary>
    /// What a generated class with HyperGen errors throws when used (its build fails first, so this is only reached
    /// by tools that run code from a failed build).
    /// </summary>
    public static InvalidOperationException HasErrors(string type) =>
        new($"{type} has HyperGen errors (HG diagnostics in its build); fix them, then rebuild.");
}
