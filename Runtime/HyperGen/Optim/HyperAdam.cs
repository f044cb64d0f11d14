using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Optim;

/// <summary>
/// Adam (Kingma and Ba, 2015) with the math of TorchSharp's <c>optim.Adam</c> — L2 <c>weight_decay</c> added to the
/// gradient, <c>amsgrad</c>, <c>maximize</c>, per-group options, learning-rate schedulers — that updates every tensor
/// in place without allocating. On the CPU, for contiguous float32/float64 tensors, one fused pass per tensor reads
/// param, grad and the moments once and writes them once (TorchSharp's Adam makes about eight passes and allocates two
/// full-size temporaries per tensor and step). Anywhere else (CUDA, half precision, non-contiguous tensors) it runs the
/// same math with TorchSharp's in-place ops.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="zero_grad()"/> sets gradients to <c>null</c> (PyTorch's <c>set_to_none=True</c>), so the next backward
/// writes each gradient instead of adding it to a zero-filled one; TorchSharp 0.107's optimizers zero-fill.
/// Use <see cref="zero_grad(bool)"/> with <c>false</c> where code reads <c>.grad</c> between steps.
/// </para>
/// <para>
/// <see cref="Save"/> and <see cref="Load"/> keep the moments and step counts (atomic write; a load that does not fit
/// changes nothing). It is a <c>torch.optim.Optimizer</c>: schedulers such as <c>optim.lr_scheduler.StepLR</c> drive it.
/// </para>
/// </remarks>
public sealed class HyperAdam : OptimizerHelper, optim.IBetas
{
    readonly List<(Parameter Param, State State)> _entries = [];
    /// <summary>Each entry's gradient during a step, gathered and checked before the first update (reused across steps).</summary>
    Tensor?[] _grads = [];
    bool _disposed;

    /// <summary>Adam over <paramref name="parameters"/> (one parameter group).</summary>
    /// <param name="parameters">The tensors to optimise, e.g. <c>model.parameters()</c>.</param>
    /// <param name="lr">Learning rate (≥ 0).</param>
    /// <param name="beta1">Decay of the gradient's running average, in [0, 1).</param>
    /// <param name="beta2">Decay of the squared gradient's running average, in [0, 1). PyTorch's default 0.999.</param>
    /// <param name="eps">Added to the denominator (≥ 0).</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (≥ 0), as in <c>optim.Adam</c> (not AdamW's decoupled decay).</param>
    /// <param name="amsgrad">Use the running maximum of the squared-gradient average (AMSGrad).</param>
    /// <param name="maximize">Ascend the objective instead of descending it.</param>
    public HyperAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : this([new Adam.ParamGroup { Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters)) }], lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
    }

    /// <summary>Adam over parameter groups; options a group leaves unset take these defaults.</summary>
    /// <inheritdoc cref="HyperAdam(IEnumerable{Parameter}, double, double, double, double, double, bool, bool)"/>
    public HyperAdam(IEnumerable<Adam.ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var defaults = new Adam.Options
        {
            LearningRate = lr, InitialLearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps,
            weight_decay = weight_decay, amsgrad = amsgrad, maximize = maximize,
        };
        Validate(defaults, "");
        _defaults = defaults;
        _parameter_groups = new List<ParamGroup>();
        foreach (var group in groups)
            add_param_group(group ?? throw new ArgumentException("A parameter group is null.", nameof(groups)));
        if (_entries.Count == 0)
            throw new ArgumentException("HyperAdam was given no parameters to optimise.", nameof(groups));
    }

    /// <summary>The default (β1, β2) of groups added later; each group keeps its own.</summary>
    public (double, double) Betas
    {
        get => (Defaults.beta1!.Value, Defaults.beta2!.Value);
        set
        {
            var candidate = new Adam.Options { LearningRate = 0, beta1 = value.Item1, beta2 = value.Item2, eps = 0, weight_decay = 0 };
            Validate(candidate, "");
            (Defaults.beta1, Defaults.beta2) = value;
        }
    }

    Adam.Options Defaults => (Adam.Options)_defaults;

    /// <summary>
    /// Adds a group (an <see cref="Adam.ParamGroup"/>, or a plain <c>ParamGroup</c> whose options are then all defaults).
    /// Every option is checked, and a parameter may belong to one group only.
    /// </summary>
    public override void add_param_group(ParamGroup param_group)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(param_group);
        if (param_group.Parameters is null)
            throw new ArgumentException("The parameter group has no Parameters.", nameof(param_group));
        if (param_group.Options is not null and not Adam.Options)
            throw new ArgumentException($"HyperAdam takes Adam.Options for a group; got {param_group.Options.GetType().Name}.", nameof(param_group));
        var options = (Adam.Options?)param_group.Options ?? new Adam.Options();
        options.LearningRate ??= Defaults.LearningRate;
        options.beta1 ??= Defaults.beta1;
        options.beta2 ??= Defaults.beta2;
        options.eps ??= Defaults.eps;
        options.weight_decay ??= Defaults.weight_decay;
        options.amsgrad ??= Defaults.amsgrad;
        options.maximize ??= Defaults.maximize;
        options.InitialLearningRate = options.LearningRate!.Value;
        Validate(options, $" (parameter group {_parameter_groups.Count})");

        var parameters = param_group.Parameters.ToArray(); // a lazy enumerable would hand out new wrappers each time
        var seen = new HashSet<IntPtr>();
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i] ?? throw new ArgumentException($"Parameter {i} of group {_parameter_groups.Count} is null.", nameof(param_group));
            if (_state.ContainsKey(p.Handle) || !seen.Add(p.Handle))
                throw new ArgumentException($"Parameter {i} of group {_parameter_groups.Count} ([{string.Join(", ", p.shape)}]) appears more than once; " +
                    "a parameter may be optimised by one group only.", nameof(param_group));
        }
        param_group.Parameters = parameters;
        param_group.Options = options;
        _parameter_groups.Add(param_group);
        foreach (var p in parameters)
        {
            var state = new State(p, options.amsgrad!.Value);
            _state[p.Handle] = state;
            _entries.Add((p, state));
        }
    }

    /// <summary>One Adam step for every parameter that has a gradient (parameters whose gradient is null are skipped).</summary>
    /// <param name="closure">Re-evaluates the model and returns the loss (optional).</param>
    /// <returns>The closure's loss, or null.</returns>
    /// <exception cref="ObjectDisposedException">The optimiser, or one of its parameters, was disposed.</exception>
    /// <exception cref="NotSupportedException">A gradient is sparse.</exception>
    /// <remarks>Every parameter and gradient is checked before the first is updated: a step that throws changes nothing.</remarks>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        ThrowIfDisposed();
        int threads = torch.get_num_threads();
        int index = 0;
        var loss = _step<ParamGroup>(group =>
        {
            if (index == 0)
                GatherGradients();
            var o = (Adam.Options)group.Options;
            double beta1 = o.beta1!.Value, beta2 = o.beta2!.Value, lr = o.LearningRate!.Value;
            foreach (var p in group.Parameters)
            {
                var grad = _grads[index++];
                if (grad is null)
                    continue;
                var state = (State)_state[p.Handle];
                state.step += 1;
                double biasCorrection1 = 1 - Math.Pow(beta1, state.step);
                double biasCorrection2 = 1 - Math.Pow(beta2, state.step);
                // amsgrad may be switched on a group after construction: its maximum starts from zero, as in TorchSharp.
                var max = o.amsgrad!.Value ? state.max_exp_avg_sq ??= torch.zeros_like(p).DetachFromDisposeScope() : null;
                var scalars = new FusedAdamKernel.Scalars(beta1, beta2, o.eps!.Value, o.weight_decay!.Value, o.maximize!.Value,
                    Math.Sqrt(biasCorrection2), lr / biasCorrection1);
                if (p.is_complex())
                    // As PyTorch's Adam: a complex tensor is its real and imaginary parts, each updated as a real number
                    // (a complex g·g would square the number, not its magnitude).
                    Update(torch.view_as_real(p), torch.view_as_real(grad), torch.view_as_real(state.exp_avg), torch.view_as_real(state.exp_avg_sq),
                        max is null ? null : torch.view_as_real(max), scalars, threads);
                else
                    Update(p, grad, state.exp_avg, state.exp_avg_sq, max, scalars, threads);
            }
        }, closure);
        Array.Clear(_grads); // the step's gradient handles are done with
        return loss;
    }

    /// <summary>The gradient of each entry (null where it has none), checked before any parameter changes.</summary>
    void GatherGradients()
    {
        // Options can change after construction (a scheduler sets lr; ParamGroups is public): one NaN would silently
        // turn every parameter into NaN.
        for (int g = 0; g < _parameter_groups.Count; g++)
        {
            var o = (Adam.Options)_parameter_groups[g].Options;
            if (o.LearningRate is >= 0 and < double.PositiveInfinity && o.eps is >= 0 and < double.PositiveInfinity
                && o.weight_decay is >= 0 and < double.PositiveInfinity && o.beta1 is >= 0 and < 1 && o.beta2 is >= 0 and < 1)
                continue;
            try
            {
                Validate(o, $" (parameter group {g})");
            }
            catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
            {
                throw new InvalidOperationException(
                    $"HyperAdam cannot step: {e.Message.Split(" (Parameter")[0]} It was set after construction (by a learning-rate " +
                    "scheduler, or through ParamGroups); nothing was updated.", e);
            }
        }
        if (_grads.Length != _entries.Count)
            _grads = new Tensor?[_entries.Count];
        for (int i = 0; i < _entries.Count; i++)
        {
            var p = _entries[i].Param;
            if (p.IsInvalid)
                throw new ObjectDisposedException(nameof(HyperAdam),
                    $"Parameter {i} of HyperAdam (in group order) was disposed, so nothing was updated. TorchSharp's module.to(dtype) and " +
                    "to(device) replace a module's parameters and dispose the old ones: build the optimiser after moving the model.");
            var grad = _grads[i] = p.grad;
            if (grad is not null && grad.is_sparse)
                throw new NotSupportedException(
                    $"Parameter {i} of HyperAdam (in group order, [{string.Join(", ", p.shape)}]) has a sparse gradient, which Adam does not support " +
                    "(as in PyTorch); nothing was updated. Build the layer with dense gradients, e.g. nn.Embedding(…, sparse: false).");
        }
    }

    /// <summary>One real tensor's update: the fused pass where it applies, else TorchSharp's in-place ops.</summary>
    static void Update(Tensor p, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? max, in FusedAdamKernel.Scalars scalars, int threads)
    {
        if (FusedAdamKernel.Supports(p, grad, expAvg, expAvgSq, max))
        {
            FusedAdamKernel.Step(p, grad, expAvg, expAvgSq, max, scalars, threads);
            // The kernel writes memory directly; an in-place op on an empty view bumps the parameter's version
            // counter as any in-place update would, so a graph that saved the old value still refuses to backward.
            p.view(-1).narrow(0, 0, 0).zero_();
        }
        else
        {
            StepWithTensorOps(p, grad, expAvg, expAvgSq, max, scalars);
        }
    }

    /// <summary>The same update with TorchSharp's in-place ops (CUDA, half precision, non-contiguous tensors); allocates temporaries.</summary>
    static void StepWithTensorOps(Tensor p, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor? max, in FusedAdamKernel.Scalars s)
    {
        if (s.Maximize)
            grad = grad.neg();
        if (s.WeightDecay != 0)
            grad = grad.add(p, alpha: s.WeightDecay);
        expAvg.mul_(s.Beta1).add_(grad, alpha: 1 - s.Beta1);
        expAvgSq.mul_(s.Beta2).addcmul_(grad, grad, value: 1 - s.Beta2);
        var second = expAvgSq;
        if (max is not null)
        {
            max.copy_(torch.maximum(max, expAvgSq));
            second = max;
        }
        var denom = second.sqrt().div_(s.BiasCorrection2Sqrt).add_(s.Eps);
        p.addcdiv_(expAvg, denom, value: -s.StepSize);
    }

    /// <summary>Sets every gradient to <c>null</c>: the next backward writes gradients instead of adding into zero-filled ones.</summary>
    public override void zero_grad() => zero_grad(setToNone: true);

    /// <summary>Clears the gradients: <c>null</c> when <paramref name="setToNone"/>, else filled with zeros in place.</summary>
    public void zero_grad(bool setToNone)
    {
        ThrowIfDisposed();
        foreach (var (p, _) in _entries)
        {
            if (setToNone)
            {
                p.grad = null;
                continue;
            }
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>Steps taken so far by the parameter that has taken the most (0 before the first step).</summary>
    public long StepCount => _entries.Select(e => e.State.step).DefaultIfEmpty().Max();

    /// <summary>The parameters in group order, with their state (for saving and loading).</summary>
    internal IReadOnlyList<(Parameter Param, State State)> Entries => _entries;

    internal IList<ParamGroup> Groups => _parameter_groups;

    /// <summary>Writes the optimiser's state (moments, step counts, every group's options) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ObjectDisposedException">The optimiser was disposed (its state is freed: saving it would replace a good file).</exception>
    public void Save(string path)
    {
        ThrowIfDisposed();
        OptimizerStateFile.Save(this, path);
    }

    /// <summary>
    /// Restores state written by <see cref="Save"/> into this optimiser, which must have the same groups of parameters with the
    /// same shapes and element types. Everything is checked before anything changes: on any mismatch nothing changes and the
    /// exception names the first difference.
    /// </summary>
    public void Load(string path)
    {
        ThrowIfDisposed();
        OptimizerStateFile.Load(this, path);
    }

    void ThrowIfDisposed()
    {
        if (_disposed)
            throw new ObjectDisposedException(nameof(HyperAdam), "This HyperAdam was disposed: its moments are freed. Build a new one (and Load its saved state) to go on.");
    }

    /// <summary>
    /// Loads <c>state_dict()</c> of another HyperAdam, or of a TorchSharp <c>Adam</c>, over the same groups of parameters
    /// of the same shapes. Everything is checked first (TorchSharp's own load copies group by group and state by state,
    /// and stops half-way on a mismatch), so a state that does not fit throws and changes nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Another number of groups or parameters, another optimiser's state, other shapes, or invalid options.</exception>
    public override void load_state_dict(StateDictionary state_dict)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(state_dict);
        if (state_dict.Options.Count != _parameter_groups.Count)
            throw DoesNotFit($"it has {state_dict.Options.Count} parameter group(s), this HyperAdam {_parameter_groups.Count}");
        for (int g = 0; g < state_dict.Options.Count; g++)
        {
            if (state_dict.Options[g] is not Adam.Options o)
                throw DoesNotFit($"parameter group {g} has {TypeName(state_dict.Options[g])}, not Adam.Options");
            if (o.LearningRate is null || o.beta1 is null || o.beta2 is null || o.eps is null || o.weight_decay is null || o.amsgrad is null || o.maximize is null)
                throw DoesNotFit($"parameter group {g}'s options are incomplete");
            try
            {
                Validate(o, $" (parameter group {g})");
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw DoesNotFit(e.Message.TrimEnd('.'));
            }
        }
        if (state_dict.State.Count != _entries.Count)
            throw DoesNotFit($"it has the state of {state_dict.State.Count} parameter(s), this HyperAdam has {_entries.Count}");
        for (int i = 0; i < _entries.Count; i++)
        {
            (Tensor avg, Tensor avgSq, Tensor? max) = state_dict.State[i] switch
            {
                State s => (s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq),
                Adam.State a => (a.exp_avg, a.exp_avg_sq, a.max_exp_avg_sq),
                var other => throw DoesNotFit($"parameter {i}'s state is {TypeName(other)}; HyperAdam loads the state of HyperAdam or TorchSharp's Adam"),
            };
            var shape = _entries[i].Param.shape;
            foreach (var t in max is null ? [avg, avgSq] : new[] { avg, avgSq, max })
                if (!t.shape.SequenceEqual(shape))
                    throw DoesNotFit($"parameter {i} is [{string.Join(", ", t.shape)}] in the state but [{string.Join(", ", shape)}] here");
        }
        base.load_state_dict(state_dict);

        static ArgumentException DoesNotFit(string why) =>
            new($"The optimiser state does not fit this HyperAdam: {why}. Nothing was changed.", nameof(state_dict));

        static string TypeName(object? o) => o is null ? "null"
            : o.GetType().DeclaringType is { } outer ? $"{outer.Name}.{o.GetType().Name}" : o.GetType().Name;
    }

    internal static void Validate(Adam.Options o, string where)
    {
        Guard.NonNegativeFinite(o.LearningRate!.Value, "lr" + where);
        Guard.NonNegativeFinite(o.eps!.Value, "eps" + where);
        Guard.NonNegativeFinite(o.weight_decay!.Value, "weight_decay" + where);
        Beta(o.beta1!.Value, "beta1" + where);
        Beta(o.beta2!.Value, "beta2" + where);

        static void Beta(double value, string name)
        {
            if (!(value >= 0 && value < 1))
                throw new ArgumentOutOfRangeException(name, value,
                    $"{name} must be in [0, 1); got {value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}.");
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        if (disposing)
            foreach (var (_, state) in _entries)
                state.Dispose();
        _entries.Clear();
        base.Dispose(disposing);
    }

    /// <summary>One parameter's Adam state: step count and moments, allocated once, the parameter's shape, type and device.</summary>
    public sealed class State : OptimizerState, IDisposable
    {
        /// <summary>Steps this parameter has taken.</summary>
        public long step;
        /// <summary>Running average of the gradient.</summary>
        public Tensor exp_avg;
        /// <summary>Running average of the squared gradient.</summary>
        public Tensor exp_avg_sq;
        /// <summary>Running maximum of <see cref="exp_avg_sq"/> (AMSGrad only, else null).</summary>
        public Tensor? max_exp_avg_sq;

        internal State(Parameter p, bool amsgrad) : base(p)
        {
            exp_avg = torch.zeros_like(p).DetachFromDisposeScope();
            exp_avg_sq = torch.zeros_like(p).DetachFromDisposeScope();
            max_exp_avg_sq = amsgrad ? torch.zeros_like(p).DetachFromDisposeScope() : null;
        }

        /// <summary>Back to the state before the first step: step 0, zero moments, an AMSGrad maximum if <paramref name="options"/> asks for one.</summary>
        public override void Initialize(OptimizerOptions options)
        {
            step = 0;
            using var _ = no_grad();
            exp_avg.zero_();
            exp_avg_sq.zero_();
            bool amsgrad = (options as Adam.Options)?.amsgrad ?? false;
            if (amsgrad)
                (max_exp_avg_sq ??= torch.zeros_like(exp_avg_sq).DetachFromDisposeScope()).zero_();
            else
            {
                max_exp_avg_sq?.Dispose();
                max_exp_avg_sq = null;
            }
        }

        /// <summary>Frees the moments.</summary>
        public void Dispose()
        {
            exp_avg.Dispose();
            exp_avg_sq.Dispose();
            max_exp_avg_sq?.Dispose();
        }

        /// <summary>Moves the moments to <paramref name="device"/>.</summary>
        public override void to(Device device)
        {
            exp_avg = Move(exp_avg);
            exp_avg_sq = Move(exp_avg_sq);
            if (max_exp_avg_sq is not null)
                max_exp_avg_sq = Move(max_exp_avg_sq);

            Tensor Move(Tensor t)
            {
                if (t.device == device)
                    return t;
                var moved = t.to(device).DetachFromDisposeScope();
                t.Dispose();
                return moved;
            }
        }

        /// <summary>TorchSharp's own stream format (see <c>save_state_dict</c>); prefer <see cref="HyperAdam.Save"/>.</summary>
        public override void SaveStateDict(System.IO.BinaryWriter writer)
        {
            writer.Write(step);
            exp_avg.Save(writer);
            exp_avg_sq.Save(writer);
            SaveConditionalStateTensor(writer, max_exp_avg_sq);
        }

        /// <summary>TorchSharp's own stream format (see <c>load_state_dict</c>); prefer <see cref="HyperAdam.Load"/>, which validates first.</summary>
        public override void LoadStateDict(System.IO.BinaryReader reader)
        {
            step = reader.ReadInt64();
            exp_avg.Load(reader);
            exp_avg_sq.Load(reader);
            // Not TorchSharp's LoadConditionalStateTensor: where the maximum does not exist yet it builds a tensor from
            // the stream's own element type and shape, unchecked (a sub-byte type overruns the heap). The maximum always
            // has exp_avg_sq's type and shape, so it is allocated as that and read in place, which checks both.
            if (reader.ReadBoolean())
            {
                max_exp_avg_sq ??= torch.zeros_like(exp_avg_sq).DetachFromDisposeScope();
                max_exp_avg_sq.Load(reader);
            }
            else
            {
                max_exp_avg_sq?.Dispose();
                max_exp_avg_sq = null;
            }
        }

        /// <summary>Copies the step count and moments of another <see cref="State"/> or of TorchSharp's <see cref="Adam.State"/>.</summary>
        public override void LoadStateDict(OptimizerState source)
        {
            (long sourceStep, Tensor avg, Tensor avgSq, Tensor? max) = source switch
            {
                State s => (s.step, s.exp_avg, s.exp_avg_sq, s.max_exp_avg_sq),
                Adam.State a => (a.step, a.exp_avg, a.exp_avg_sq, a.max_exp_avg_sq),
                _ => throw new ArgumentException($"Cannot load Adam state from {source?.GetType().Name ?? "null"}.", nameof(source)),
            };
            if (!avg.shape.SequenceEqual(exp_avg.shape) || !avgSq.shape.SequenceEqual(exp_avg_sq.shape))
                throw new ArgumentException($"The source state is [{string.Join(", ", avg.shape)}]; this parameter is [{string.Join(", ", exp_avg.shape)}].", nameof(source));
            using (no_grad())
            {
                exp_avg.copy_(avg);
                exp_avg_sq.copy_(avgSq);
                if (max is null)
                {
                    max_exp_avg_sq?.Dispose();
                    max_exp_avg_sq = null;
                }
                else
                {
                    max_exp_avg_sq ??= torch.zeros_like(exp_avg_sq).DetachFromDisposeScope();
                    max_exp_avg_sq.copy_(max);
                }
            }
            step = sourceStep;
        }

        /// <summary>Same step count and moments within <c>allclose</c>.</summary>
        public override bool ApproximatelyEquals(OptimizerState other) =>
            other is State s && s.step == step && s.exp_avg.allclose(exp_avg) && s.exp_avg_sq.allclose(exp_avg_sq)
            && (s.max_exp_avg_sq is null) == (max_exp_avg_sq is null)
            && (max_exp_avg_sq is null || s.max_exp_avg_sq!.allclose(max_exp_avg_sq));
    }
}
