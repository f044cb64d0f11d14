using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>One generated tensor in an <see cref="InitReport"/>.</summary>
/// <param name="Name">The tensor's name (the property on the generated <c>Weights</c> type).</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Role">Weight or bias.</param>
/// <param name="FanIn">Fan-in <c>d_j</c> of its layer.</param>
/// <param name="FanOut">Fan-out <c>d_i</c> of its layer.</param>
/// <param name="TargetVariance">The hyperfan target for the generated tensor.</param>
/// <param name="PredictedVariance">What the head's current weights predict: <c>d·mean(H²)·V_e</c> with the expected input moment.</param>
/// <param name="RealisedVariance">The variance of the tensor actually generated now, about the zero mean every head draws it with: <c>mean(W²)</c> (<see cref="InitReport.SecondMomentOf"/>).</param>
public sealed record InitReportRow(string Name, IReadOnlyList<long> Shape, TensorRole Role, long FanIn, long FanOut,
    double TargetVariance, double PredictedVariance, double RealisedVariance)
{
    /// <summary><see cref="RealisedVariance"/> / <see cref="TargetVariance"/> (NaN when the target is 0).</summary>
    public double Ratio => TargetVariance > 0 ? RealisedVariance / TargetVariance : double.NaN;

    /// <summary>The shape as <c>300×784</c>.</summary>
    public string ShapeText => string.Join("×", Shape);
}

/// <summary>
/// Per generated tensor: target, predicted and realised variance — the check that a hypernet's
/// initialisation puts the mainnet at the scale hyperfan init promises.
/// </summary>
public sealed class InitReport : IReadOnlyList<InitReportRow>
{
    readonly InitReportRow[] _rows;

    /// <summary>A report over <paramref name="rows"/>.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="init">How the heads were initialised (e.g. <c>hyperfan-in</c>, <c>Kaiming on heads</c>).</param>
    /// <param name="rows">One row per generated tensor.</param>
    /// <param name="hypernetParameters">Number of trainable hypernet parameters.</param>
    /// <param name="generatedParameters">Number of generated mainnet parameters.</param>
    public InitReport(string model, string init, IEnumerable<InitReportRow> rows, long hypernetParameters = 0, long generatedParameters = 0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Init = init ?? throw new ArgumentNullException(nameof(init));
        _rows = rows.ToArray();
        HypernetParameters = hypernetParameters;
        GeneratedParameters = generatedParameters;
    }

    /// <summary>The model's name.</summary>
    public string Model { get; }
    /// <summary>How the heads were initialised.</summary>
    public string Init { get; }
    /// <summary>Trainable hypernet parameters.</summary>
    public long HypernetParameters { get; }
    /// <summary>Generated mainnet parameters.</summary>
    public long GeneratedParameters { get; }

    /// <inheritdoc />
    public InitReportRow this[int index] => _rows[index];
    /// <summary>The row of the tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such tensor.</exception>
    public InitReportRow this[string name] => _rows.FirstOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"No generated tensor named '{name}'. Known: {string.Join(", ", _rows.Select(r => r.Name))}.");
    /// <inheritdoc />
    public int Count => _rows.Length;
    /// <inheritdoc />
    public IEnumerator<InitReportRow> GetEnumerator() => ((IEnumerable<InitReportRow>)_rows).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _rows.GetEnumerator();

    /// <summary>The population variance of <paramref name="tensor"/>, in double precision.</summary>
    public static double VarianceOf(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Explicitly E[(x − mean)²]: TorchSharp 0.107's var(unbiased: false) still divides by n − 1 (NaN for one element).
        var x = tensor.detach().to(ScalarType.Float64);
        return x.sub(x.mean()).square().mean().item<double>();
    }

    /// <summary>
    /// <c>mean(x²)</c> in double precision: the variance about zero, which is what a hyperfan target is (generated
    /// tensors have zero mean by construction). Unlike the variance about the sample mean it has no (n − 1)/n bias,
    /// which matters for a 10-element bias, and it counts a non-zero mean (e.g. from a classical head bias) as scale.
    /// </summary>
    public static double SecondMomentOf(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return tensor.detach().to(ScalarType.Float64).square().mean().item<double>();
    }

    /// <summary>CSV with a header row; numbers in the invariant culture.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder("name,shape,role,fan_in,fan_out,target_var,predicted_var,realised_var,ratio\n");
        foreach (var r in _rows)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Name},{r.ShapeText},{r.Role},{r.FanIn},{r.FanOut},{r.TargetVariance:R},{r.PredictedVariance:R},{r.RealisedVariance:R},{r.Ratio:R}\n");
        return sb.ToString();
    }

    /// <summary>A Markdown table.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Model} — {Init}\n\n");
        sb.Append("| tensor | shape | role | fan-in | fan-out | target Var | predicted Var | realised Var | realised/target |\n");
        sb.Append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in _rows)
            sb.Append(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.ShapeText} | {r.Role} | {r.FanIn} | {r.FanOut} | {r.TargetVariance:G4} | {r.PredictedVariance:G4} | {r.RealisedVariance:G4} | {r.Ratio:G4} |\n");
        return sb.ToString();
    }

    /// <summary>A fixed-width text table.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Model} — {Init}");
        if (HypernetParameters > 0)
            sb.Append(CultureInfo.InvariantCulture, $" ({HypernetParameters:N0} hypernet parameters generate {GeneratedParameters:N0})");
        sb.Append('\n');
        sb.Append(CultureInfo.InvariantCulture, $"{"tensor",-16} {"shape",-14} {"role",-6} {"fan-in",7} {"fan-out",7} {"target",11} {"predicted",11} {"realised",11} {"ratio",8}\n");
        foreach (var r in _rows)
            sb.Append(CultureInfo.InvariantCulture,
                $"{r.Name,-16} {r.ShapeText,-14} {r.Role,-6} {r.FanIn,7} {r.FanOut,7} {r.TargetVariance,11:G4} {r.PredictedVariance,11:G4} {r.RealisedVariance,11:G4} {r.Ratio,8:F3}\n");
        return sb.ToString();
    }
}
