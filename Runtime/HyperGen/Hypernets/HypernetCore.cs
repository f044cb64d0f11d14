using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>
/// The one implementation behind every generated hypernet, whatever its TorchSharp base: it creates and registers
/// the parameters under their checkpoint names (<see cref="GeneratedNames"/>), generates the tensors for each
/// conditioning, and owns init, classical init for comparison, and the init report. The three public bases only
/// forward to it.
/// </summary>
/// <remarks>
/// Parameters and buffers are looked up by name on every use, never cached: TorchSharp's <c>to(dtype)</c> and
/// <c>to(device)</c> replace the registered tensors (a base class's private fields are invisible to it), while
/// registered modules — the hidden layers and heads — are converted in place and can be kept.
/// </remarks>
internal sealed class HypernetCore
{
    readonly nn.Module _owner;
    readonly Linear[] _hidden;
    readonly Linear[] _heads;   // one per target, or the chunked layout's one shared head

    public HypernetCore(nn.Module owner, HypernetDefinition definition)
    {
        _owner = owner;
        Definition = definition;
        var d = definition;
        owner.register_parameter(GeneratedNames.Embeddings, new Parameter(empty(d.EmbeddingRows, d.Embedding)));
        if (d.Conditioning == Conditioning.Task)
            owner.register_parameter(GeneratedNames.ConditionEmbeddings, new Parameter(empty(d.Conditions, d.ConditionWidth)));
        _hidden = new Linear[d.Hidden.Count];
        for (int i = 0, width = d.InputWidth; i < _hidden.Length; width = d.Hidden[i++])
            owner.register_module(GeneratedNames.Hidden(i + 1), _hidden[i] = nn.Linear(width, d.Hidden[i]));
        if (d.Heads == HeadLayout.Chunked)
        {
            _heads = [nn.Linear(d.HeadInputSize, d.Chunk)];
            owner.register_module(GeneratedNames.SharedHead, _heads[0]);
            owner.register_buffer(GeneratedNames.Scales, ones(d.Targets.Count));
        }
        else
        {
            _heads = d.Targets.Select(t => nn.Linear(d.HeadInputSize, t.ElementCount)).ToArray();
            for (int i = 0; i < _heads.Length; i++)
                owner.register_module(GeneratedNames.HeadParameterName(d.Targets[i].Name), _heads[i]);
        }
        owner.register_buffer(GeneratedNames.InitRecord, tensor(HypernetInit.UnknownRecord, ScalarType.Float32));
    }

    public HypernetDefinition Definition { get; }

    /// <summary>
    /// Takes the module's tensors — this core's and those of the user's own fields — out of any dispose scope the
    /// module is built in. TorchSharp registers every new tensor with the innermost scope; left there, the embeddings
    /// and buffers would die with it while the model lives on: <c>forward</c> would fail with "empty handle" and, worse,
    /// <c>state_dict</c> silently skips dead tensors, so a save would write a checkpoint without them.
    /// </summary>
    public void Adopt()
    {
        foreach (var p in _owner.parameters())
            p.DetachFromDisposeScope();
        foreach (var b in _owner.buffers())
            b.DetachFromDisposeScope();
    }

    /// <summary>
    /// After <c>Dispose()</c> TorchSharp frees the module's tensors and drops them from <c>state_dict</c>, so a use would
    /// fail in libtorch with "empty handle" and a save would write an empty checkpoint over a good one. Every tensor
    /// is reached through here, so each use of a disposed hypernet says what happened instead.
    /// </summary>
    public void ThrowIfDisposed() => Alive(_owner.get_parameter(GeneratedNames.Embeddings));

    Tensor Alive(Tensor? tensor) => tensor is { IsInvalid: false } ? tensor
        : throw new ObjectDisposedException(Definition.Name,
            $"The hypernet {Definition.Name} was disposed: its tensors are freed. Build a new one (and Load a checkpoint into it) to use it again.");

    Tensor Embeddings => Alive(_owner.get_parameter(GeneratedNames.Embeddings));
    Tensor ConditionEmbeddings => Alive(_owner.get_parameter(GeneratedNames.ConditionEmbeddings));
    Tensor Scales => Alive(_owner.get_buffer(GeneratedNames.Scales));
    Tensor Record => Alive(_owner.get_buffer(GeneratedNames.InitRecord));

    // ---- Generating: head inputs per conditioning, then the heads.

    /// <summary>The hidden MLP over the last dimension.</summary>
    Tensor Hidden(Tensor h)
    {
        foreach (var layer in _hidden)
            h = HypernetParts.Activate(layer.forward(h), Definition.HiddenActivation);
        return h;
    }

    /// <summary>Every layer's (or chunk's) embedding through the hidden MLP: <c>[rows, d]</c>.</summary>
    Tensor HeadInputs() => Hidden(Embeddings);

    /// <summary>One condition's embedding next to every layer embedding: <c>[rows, d]</c>.</summary>
    Tensor HeadInputs(long condition)
    {
        HypernetParts.CheckCondition(condition, Definition.Conditions, Definition.Name);
        var e = Embeddings;
        return Hidden(cat([ConditionEmbeddings[condition].expand(e.shape[0], Definition.ConditionWidth), e], 1));
    }

    /// <summary>Each row of a condition (or noise) batch next to every layer embedding: <c>[batch, rows, d]</c>.</summary>
    Tensor HeadInputsFor(Tensor conditions)
    {
        var e = Embeddings;
        long batch = conditions.shape[0], rows = e.shape[0];
        return Hidden(cat([conditions.unsqueeze(1).expand(batch, rows, Definition.ConditionWidth), e.unsqueeze(0).expand(batch, rows, Definition.Embedding)], 2));
    }

    /// <summary>Every condition's head inputs at once: <c>[conditions, rows, d]</c>.</summary>
    Tensor AllConditionHeadInputs() => HeadInputsFor(ConditionEmbeddings);

    /// <summary>The generated tensors from head inputs <c>[rows, d]</c> (or <c>[batch, rows, d]</c>: a leading batch dimension).</summary>
    Tensor[] TensorsFrom(Tensor h)
    {
        var targets = Definition.Targets;
        if (Definition.Heads == HeadLayout.Chunked)
        {
            // One matrix product makes every chunk; the tail of the last chunk is dropped, the rest split by tensor.
            var parts = _heads[0].forward(h).flatten().narrow(0, 0, Definition.GeneratedElements).split(targets.Select(t => t.ElementCount).ToArray());
            var scales = Scales;
            return targets.Select((t, i) => parts[i].view(t.ShapeArray()).mul(scales[i])).ToArray();
        }
        var rows = Definition.Rows;
        return targets.Select((t, i) => HypernetParts.ViewAs(_heads[i].forward(h.select(-2, rows[i])), t.ShapeArray())).ToArray();
    }

    /// <summary>The unconditional tensors, or for the noise form one sample.</summary>
    public Tensor[] Generate() => Definition.Conditioning == Conditioning.Noise ? Generate(DrawNoise(1).squeeze(0)) : TensorsFrom(HeadInputs());

    /// <summary>The task form's tensors for one condition.</summary>
    public Tensor[] Generate(long condition) => TensorsFrom(HeadInputs(condition));

    /// <summary>
    /// Input form: one set of tensors per condition row (leading batch dimension), checked against <paramref name="x"/>'s
    /// batch when given. Noise form: <c>[NoiseSize]</c> gives one sample, <c>[samples, NoiseSize]</c> a batch.
    /// </summary>
    public Tensor[] Generate(Tensor condition, Tensor? x = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (Definition.Conditioning == Conditioning.Noise && condition.dim() == 1)
        {
            HypernetParts.CheckConditionInput(condition.unsqueeze(0), Definition.ConditionWidth, Definition.Name);
            return TensorsFrom(HeadInputsFor(condition.unsqueeze(0)).squeeze(0));
        }
        HypernetParts.CheckConditionInput(condition, Definition.ConditionWidth, Definition.Name, x);
        return TensorsFrom(HeadInputsFor(condition));
    }

    /// <summary>Noise form: <paramref name="samples"/> weight samples (leading sample dimension).</summary>
    public Tensor[] Sample(int samples)
    {
        Guard.Positive(samples, nameof(samples));
        return TensorsFrom(HeadInputsFor(DrawNoise(samples)));
    }

    Tensor DrawNoise(long samples)
    {
        var e = Embeddings;
        return randn(samples, Definition.ConditionWidth, dtype: e.dtype, device: e.device);
    }

    // ---- Init

    /// <summary>How the current parameters were initialised (read from the saved record, so a checkpoint load restores it).</summary>
    public HypernetInit? Initialization
    {
        get
        {
            using var codes = Record.detach().to(ScalarType.Float64).cpu();
            return HypernetInit.FromRecord(codes.data<double>().ToArray(), Definition.EmbeddingRows);
        }
    }

    /// <summary>Hyperfan init of every parameter in <paramref name="mode"/>; the mode is checked before anything changes.</summary>
    public void Reset(HyperfanMode mode, bool calibrate)
    {
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Unknown hyperfan mode {(int)mode}; expected In, Out or Harmonic. Nothing was changed.");
        var d = Definition;
        calibrate &= d.Conditioning != Conditioning.Input;   // its head inputs depend on data not known at init
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var revival = InitTrunk();
        if (d.Heads == HeadLayout.Chunked)
        {
            // The shared head draws Var(H) = 1 / (d · V_e), a unit base variance; each tensor's fixed scale
            // s_t = √(target_t / base_t) then puts it on its own target, whatever mix of chunks it spans.
            var h = HeadInputs();
            double v = calibrate ? SecondMoment.Calibrated(h) : d.ExpectedHeadInputMoment;
            double headVariance = 1.0 / (d.HeadInputSize * v);
            HyperInit.UniformWithVariance(_heads[0].weight!, headVariance);
            _heads[0].bias!.zero_();
            var s = HypernetParts.ChunkScales(h, d.Chunk, d.Targets, mode, headVariance, calibrate, d.ExpectedHeadInputMoment);
            Scales.copy_(tensor(s).to(Scales.dtype));
        }
        else
        {
            // V_e per layer: the realised mean(h²) of its head input when calibrating (over every condition, or over
            // noise draws), else the expected value.
            var moments = d.Conditioning switch
            {
                Conditioning.Input => HypernetParts.ExpectedMoments(d.ExpectedHeadInputMoment, d.EmbeddingRows),
                Conditioning.Task => HypernetParts.HeadInputMoments(AllConditionHeadInputs(), calibrate, d.ExpectedHeadInputMoment),
                Conditioning.Noise => HypernetParts.HeadInputMoments(HeadInputsFor(DrawNoise(HypernetDefaults.NoiseCalibrationDraws)), calibrate, d.ExpectedHeadInputMoment),
                _ => HypernetParts.HeadInputMoments(HeadInputs(), calibrate, d.ExpectedHeadInputMoment),
            };
            for (int i = 0; i < _heads.Length; i++)
                HyperInit.InitHead(_heads[i], d.Targets[i], mode, moments[d.Rows[i]]);
        }
        Remember(new HypernetInit(HeadInit.Hyperfan, mode, calibrate) { Revival = revival });
    }

    /// <summary>Xavier or Kaiming on the heads, as a user would naively do (for comparisons); checked before anything changes.</summary>
    public void InitClassically(HeadInit init)
    {
        if (init is not (HeadInit.Xavier or HeadInit.Kaiming))
            throw new ArgumentOutOfRangeException(nameof(init), init,
                $"Classical head init is Xavier or Kaiming; got {init}. Use ResetParameters for hyperfan init. Nothing was changed.");
        using var noGrad = no_grad();
        var revival = InitTrunk();
        foreach (var head in _heads)
            HypernetParts.InitClassical(init, head);
        if (Definition.Heads == HeadLayout.Chunked)
            Scales.fill_(1.0);
        Remember(new HypernetInit(init, Definition.Mode, Calibrated: false) { Revival = revival });
    }

    /// <summary>
    /// Embeddings U(−√3, √3) (E[e²] = 1) and hidden layers Kaiming with their activation's gain, zero bias; then, where
    /// narrow ReLU hidden layers can leave a head input all zero, those rows are redrawn (see <see cref="HypernetDefinition.RevivesDeadHeadInputs"/>).
    /// </summary>
    HeadInputRevival InitTrunk()
    {
        HypernetParts.InitEmbeddings(Embeddings);
        if (Definition.Conditioning == Conditioning.Task)
            HypernetParts.InitEmbeddings(ConditionEmbeddings);
        foreach (var layer in _hidden)
            HypernetParts.InitHidden(layer, Definition.HiddenActivation);
        if (!Definition.RevivesDeadHeadInputs)
            return default;
        Func<Tensor> headInputs = Definition.Conditioning == Conditioning.Task ? AllConditionHeadInputs : HeadInputs;
        return HypernetParts.ReviveDeadHeadInputs(Embeddings, headInputs, _hidden, Definition.HiddenActivation);
    }

    void Remember(HypernetInit init)
    {
        using var noGrad = no_grad();
        Record.copy_(tensor(init.ToRecord()).to(Record.dtype));
    }

    /// <summary>The init record is newer than the first checkpoints: loading one without it leaves the init unknown.</summary>
    public IEnumerable<(string, Action)> OptionalEntries => [(GeneratedNames.InitRecord, ForgetInitialization)];

    void ForgetInitialization()
    {
        using var noGrad = no_grad();
        Record.copy_(tensor(HypernetInit.UnknownRecord).to(Record.dtype));
    }

    // ---- Report

    public InitReport Report()
    {
        var d = Definition;
        var init = Initialization;
        var mode = init?.Mode ?? d.Mode;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Realised over the mainnets the form produces: every condition, or 256 sampled ones.
        var tensors = d.Conditioning switch
        {
            Conditioning.Task => TensorsFrom(AllConditionHeadInputs()),
            Conditioning.Input => Generate(randn(HypernetDefaults.ReportSamples, d.ConditionWidth, dtype: Embeddings.dtype, device: Embeddings.device)
                .mul(Math.Sqrt(d.ConditionSecondMoment))),
            Conditioning.Noise => Sample(HypernetDefaults.ReportSamples),
            _ => Generate(),
        };
        double[]? scales = null;
        if (d.Heads == HeadLayout.Chunked)
            using (var s = Scales.detach().to(ScalarType.Float64).cpu())
                scales = s.data<double>().ToArray();
        var rows = d.Targets.Select((t, i) => scales is null
            ? HypernetParts.ReportRow(t, mode, _heads[i], d.ExpectedHeadInputMoment, tensors[i])
            : HypernetParts.ReportRow(t, mode, _heads[0], d.ExpectedHeadInputMoment, scales[i], tensors[i]));
        string description = init?.ToString() ?? "unknown init (loaded from a checkpoint that does not record it)";
        return new InitReport(d.Name, description, rows.ToArray(), HypernetParts.ParameterCount(_owner), d.GeneratedElements);
    }
}
