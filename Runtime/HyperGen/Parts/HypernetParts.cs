using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>
/// The building blocks generated hypernets call (and hand-written ones may): embedding and hidden-layer
/// init with known second moments, classical head init for comparisons, input checks and report rows.
/// Kept here so generated code stays short and the math stays in one place.
/// </summary>
public static partial class HypernetParts
{
    /// <summary>Draws learned embeddings from <c>U(−√3, √3)</c>, so <c>E[e²] = 1</c>.</summary>
    public static void InitEmbeddings(Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        double bound = Math.Sqrt(3.0);
        using (no_grad())
            embeddings.uniform_(-bound, bound);
    }

    /// <summary>
    /// Kaiming-uniform init of a hidden hypernet layer with the gain of its own activation (<c>Var(W) = c / fan_in</c>)
    /// and a zero bias: for ReLU-like activations this keeps <c>E[h²]</c> equal to the input's.
    /// </summary>
    public static void InitHidden(Linear layer, Activation activation, double negativeSlope = Gain.DefaultNegativeSlope)
    {
        ArgumentNullException.ThrowIfNull(layer);
        HyperInit.UniformWithVariance(layer.weight!, Gain.Squared(activation, negativeSlope) / layer.in_features);
        if (layer.bias is not null)
            using (no_grad())
                layer.bias.zero_();
    }

    /// <summary>
    /// The expected second moment after hidden layers initialised by <see cref="InitHidden"/>: each layer's
    /// pre-activation has variance <c>c·E[x²]</c>, then <see cref="SecondMoment.OfActivation"/>.
    /// </summary>
    /// <param name="inputSecondMoment">E[x²] of the first hidden layer's input (1 for <see cref="InitEmbeddings"/>).</param>
    /// <param name="layers">Number of hidden layers.</param>
    /// <param name="activation">Their activation.</param>
    /// <param name="negativeSlope">Leaky ReLU slope.</param>
    public static double ExpectedHiddenMoment(double inputSecondMoment, int layers, Activation activation, double negativeSlope = Gain.DefaultNegativeSlope)
    {
        double moment = inputSecondMoment;
        double c = Gain.Squared(activation, negativeSlope);
        for (int i = 0; i < layers; i++)
            moment = SecondMoment.OfActivation(activation, c * moment, negativeSlope);
        return moment;
    }

    /// <summary>
    /// Head input second moments per mainnet layer: the realised <c>mean(h_l²)</c> of each row of
    /// <paramref name="headInputs"/> (<c>[L, d]</c>, or <c>[B, L, d]</c> for a batch of conditions, averaged over
    /// the batch) when calibrating, else <paramref name="expected"/> for every layer. A row that is all zero (dead ReLU
    /// units that <see cref="ReviveDeadHeadInputs"/> could not revive) has no moment to calibrate on and gets
    /// <paramref name="expected"/>: its tensors come out zero whatever the head's scale.
    /// </summary>
    public static double[] HeadInputMoments(Tensor headInputs, bool calibrate, double expected)
    {
        ArgumentNullException.ThrowIfNull(headInputs);
        long layers = headInputs.shape[^2];
        if (!calibrate)
            return ExpectedMoments(expected, (int)layers);
        var moments = new double[layers];
        for (long l = 0; l < layers; l++)
            using (var row = headInputs.select(-2, l))
                moments[l] = InitReport.SecondMomentOf(row) == 0 ? expected : SecondMoment.Calibrated(row);
        return moments;
    }

    /// <summary>
    /// Classical init applied naively to a head, as a user would without hyperfan init: Xavier-uniform, or
    /// Kaiming-uniform (fan-in, ReLU), on the weight; zero bias. For comparisons only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="init"/> is <see cref="HeadInit.Hyperfan"/> or unknown.</exception>
    public static void InitClassical(HeadInit init, Linear head)
    {
        ArgumentNullException.ThrowIfNull(head);
        using (no_grad())
        {
            switch (init)
            {
                case HeadInit.Xavier:
                    nn.init.xavier_uniform_(head.weight!);
                    break;
                case HeadInit.Kaiming:
                    nn.init.kaiming_uniform_(head.weight!, 0, nn.init.FanInOut.FanIn, nn.init.NonlinearityType.ReLU);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(init), init, $"Classical head init is Xavier or Kaiming; got {init}.");
            }
            head.bias?.zero_();
        }
    }

    /// <summary>
    /// Classical head init applied to a generated hypernet, for comparisons: the embeddings and hidden layers are
    /// re-initialised as hyperfan init does them, then every head gets Xavier-uniform, or Kaiming-uniform (fan-in,
    /// ReLU), as if it were an ordinary layer (the chunked form's output scales become 1). This is the mistake hyperfan
    /// init fixes; <c>InitReport</c> shows by how much the mainnet misses its targets. <c>ResetParameters</c> undoes it.
    /// </summary>
    /// <param name="model">A hypernet generated by HyperGen.</param>
    /// <param name="init"><see cref="HeadInit.Xavier"/> or <see cref="HeadInit.Kaiming"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="init"/> is not Xavier or Kaiming; nothing was changed.</exception>
    /// <exception cref="ArgumentException"><paramref name="model"/> was not generated by HyperGen.</exception>
    public static void InitHeadsClassically(IHypernet model, HeadInit init)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not IHypernetCoreOwner owner)
            throw new ArgumentException($"{model.GetType().Name} is not a hypernet generated by HyperGen (its heads are unknown).", nameof(model));
        owner.Core.InitClassically(init);
    }

    /// <summary>The module name of a generated hypernet (its definition's), checked first: base constructors need it.</summary>
    internal static string NameOf(HypernetDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Name;
    }

    /// <summary><paramref name="activation"/> applied to <paramref name="x"/> (TorchSharp's functional ops; identity returns x).</summary>
    public static Tensor Activate(Tensor x, Activation activation, double negativeSlope = Gain.DefaultNegativeSlope) => activation switch
    {
        Activation.Identity => x,
        Activation.ReLU => nn.functional.relu(x),
        Activation.LeakyReLU => nn.functional.leaky_relu(x, negativeSlope),
        Activation.Tanh => nn.functional.tanh(x),
        Activation.Sigmoid => nn.functional.sigmoid(x),
        Activation.GELU => nn.functional.gelu(x),
        Activation.SELU => nn.functional.selu(x),
        Activation.SiLU => nn.functional.silu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, $"Unknown activation {(int)activation}."),
    };

    /// <summary>
    /// One report row: target, predicted (<c>d·mean(H²)·V_e + Var(β)</c> from the head's current parameters
    /// and the expected input moment) and realised variance of <paramref name="generated"/>.
    /// </summary>
    public static InitReportRow ReportRow(TargetTensor target, HyperfanMode mode, Linear head, double expectedInputMoment, Tensor generated)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(head);
        double predicted;
        using (no_grad())
        using (var w = head.weight!.detach().to(ScalarType.Float64))
        using (var w2 = w.square())
        using (var mean = w2.mean())
        {
            predicted = head.in_features * mean.item<double>() * expectedInputMoment;
            if (head.bias is not null)
                predicted += InitReport.SecondMomentOf(head.bias);
        }
        return new InitReportRow(target.Name, target.Shape, target.Role, target.Fans.In, target.Fans.Out,
            target.TargetVariance(mode), predicted, InitReport.SecondMomentOf(generated));
    }

    /// <summary>
    /// Checks that a mainnet input ends with <paramref name="expected"/> (the shape after the batch dimensions).
    /// </summary>
    /// <exception cref="ArgumentException">The trailing dimensions differ; the message names both shapes.</exception>
    public static void CheckInput(Tensor x, string model, params long[] expected)
    {
        ArgumentNullException.ThrowIfNull(x);
        long[] shape = x.shape;
        bool ok = shape.Length > expected.Length && shape.AsSpan(shape.Length - expected.Length).SequenceEqual(expected);
        if (!ok)
            throw new ArgumentException(
                $"{model} expects input of shape [batch, {string.Join(", ", expected)}]; got [{string.Join(", ", shape)}].", nameof(x));
    }

    /// <summary>Number of elements in all of <paramref name="module"/>'s parameters.</summary>
    public static long ParameterCount(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.parameters().Sum(p => p.numel());
    }
}
