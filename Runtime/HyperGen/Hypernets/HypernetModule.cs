using System.Collections.Generic;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>Gives the runtime (classical init, checkpoints) the implementation behind a generated hypernet.</summary>
internal interface IHypernetCoreOwner
{
    HypernetCore Core { get; }
}

/// <summary>
/// The base of generated hypernets that map <c>x</c> to <c>y</c>: unconditional and noise-conditioned ones, with
/// either head layout and a generated or custom mainnet. Owns the hypernet's parameters (registered under the
/// checkpoint names of <c>GeneratedNames</c>), their hyperfan init and the init report; the generated class adds
/// its definition, <c>forward</c>, typed weights and the mainnet.
/// </summary>
public abstract class HypernetModule : nn.Module<Tensor, Tensor>, IHypernet, IHypernetCoreOwner, IVersionedState
{
    readonly HypernetCore _core;

    /// <summary>Builds and hyperfan-initialises the hypernet <paramref name="definition"/> describes. Its tensors outlive any dispose scope it is built in.</summary>
    protected HypernetModule(HypernetDefinition definition) : base(HypernetParts.NameOf(definition))
    {
        _core = new HypernetCore(this, definition);
        RegisterComponents();   // the user's own fields, if the partial class declares any
        _core.Adopt();
        ResetParameters();
    }

    /// <inheritdoc />
    public HypernetDefinition Definition => _core.Definition;
    /// <inheritdoc />
    public HypernetInit? Initialization => _core.Initialization;
    /// <inheritdoc />
    public void ResetParameters() => _core.Reset(_core.Definition.Mode, _core.Definition.Calibrate);
    /// <inheritdoc />
    public void ResetParameters(HyperfanMode mode, bool calibrate) => _core.Reset(mode, calibrate);
    /// <inheritdoc />
    public InitReport InitReport() => _core.Report();

    /// <summary>Every generated tensor, in definition order (the noise form: one sample).</summary>
    protected Tensor[] GenerateTensors() => _core.Generate();
    /// <summary>Noise form: the tensors for given noise, <c>[NoiseSize]</c> or <c>[samples, NoiseSize]</c>.</summary>
    protected Tensor[] GenerateTensors(Tensor noise) => _core.Generate(noise);
    /// <summary>Noise form: <paramref name="samples"/> weight samples, each tensor with a leading sample dimension.</summary>
    protected Tensor[] SampleTensors(int samples) => _core.Sample(samples);

    HypernetCore IHypernetCoreOwner.Core => _core;
    IEnumerable<(string, System.Action)> IVersionedState.OptionalEntries => _core.OptionalEntries;
}

/// <summary>
/// The base of task-conditioned generated hypernets, <c>forward(x, condition)</c>: one learned embedding per
/// condition (task) next to the layer embeddings. Otherwise as <see cref="HypernetModule"/>.
/// </summary>
public abstract class TaskConditionedHypernetModule : nn.Module<Tensor, long, Tensor>, IHypernet, IHypernetCoreOwner, IVersionedState
{
    readonly HypernetCore _core;

    /// <summary>Builds and hyperfan-initialises the hypernet <paramref name="definition"/> describes. Its tensors outlive any dispose scope it is built in.</summary>
    protected TaskConditionedHypernetModule(HypernetDefinition definition) : base(HypernetParts.NameOf(definition))
    {
        _core = new HypernetCore(this, definition);
        RegisterComponents();
        _core.Adopt();
        ResetParameters();
    }

    /// <inheritdoc />
    public HypernetDefinition Definition => _core.Definition;
    /// <inheritdoc />
    public HypernetInit? Initialization => _core.Initialization;
    /// <inheritdoc />
    public void ResetParameters() => _core.Reset(_core.Definition.Mode, _core.Definition.Calibrate);
    /// <inheritdoc />
    public void ResetParameters(HyperfanMode mode, bool calibrate) => _core.Reset(mode, calibrate);
    /// <inheritdoc />
    public InitReport InitReport() => _core.Report();

    /// <summary>Every generated tensor for one condition, in definition order.</summary>
    /// <exception cref="System.ArgumentOutOfRangeException">The index is outside <c>[0, ConditionCount)</c>.</exception>
    protected Tensor[] GenerateTensors(long condition) => _core.Generate(condition);

    HypernetCore IHypernetCoreOwner.Core => _core;
    IEnumerable<(string, System.Action)> IVersionedState.OptionalEntries => _core.OptionalEntries;
}

/// <summary>
/// The base of input-conditioned generated hypernets, <c>forward(x, condition)</c> with <c>condition: [batch, width]</c>:
/// one mainnet per sample, run in one batched pass. Otherwise as <see cref="HypernetModule"/>.
/// </summary>
public abstract class InputConditionedHypernetModule : nn.Module<Tensor, Tensor, Tensor>, IHypernet, IHypernetCoreOwner, IVersionedState
{
    readonly HypernetCore _core;

    /// <summary>Builds and hyperfan-initialises the hypernet <paramref name="definition"/> describes. Its tensors outlive any dispose scope it is built in.</summary>
    protected InputConditionedHypernetModule(HypernetDefinition definition) : base(HypernetParts.NameOf(definition))
    {
        _core = new HypernetCore(this, definition);
        RegisterComponents();
        _core.Adopt();
        ResetParameters();
    }

    /// <inheritdoc />
    public HypernetDefinition Definition => _core.Definition;
    /// <inheritdoc />
    public HypernetInit? Initialization => _core.Initialization;
    /// <inheritdoc />
    public void ResetParameters() => _core.Reset(_core.Definition.Mode, _core.Definition.Calibrate);
    /// <inheritdoc />
    public void ResetParameters(HyperfanMode mode, bool calibrate) => _core.Reset(mode, calibrate);
    /// <inheritdoc />
    public InitReport InitReport() => _core.Report();

    /// <summary>One set of generated tensors per condition row (leading batch dimension), checked against x's batch when given.</summary>
    /// <exception cref="System.ArgumentException">The condition is not <c>[batch, width]</c>, or its batch differs from x's.</exception>
    protected Tensor[] GenerateTensors(Tensor condition, Tensor? x = null) => _core.Generate(condition, x);

    HypernetCore IHypernetCoreOwner.Core => _core;
    IEnumerable<(string, System.Action)> IVersionedState.OptionalEntries => _core.OptionalEntries;
}
