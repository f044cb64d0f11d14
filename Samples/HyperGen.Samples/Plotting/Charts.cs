using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using HyperGen.Samples.Training;
using ScottPlot;

namespace HyperGen.Samples.Plotting;

/// <summary>A named curve for <see cref="Charts.Lines"/>.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="X">X values.</param>
/// <param name="Y">Y values (non-finite points are dropped).</param>
public sealed record Series(string Label, double[] X, double[] Y);

/// <summary>An x range a chart shades, with its legend text.</summary>
public sealed record Shade(double From, double To, string Label);

/// <summary>One seed's per-step training loss for <see cref="Charts.LossBands"/>.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="Loss">Loss at steps 1, 2, …; a diverged run ends with its first non-finite value.</param>
/// <param name="DivergedAtStep">The step whose loss was not finite (0: never).</param>
public sealed record SeedCurve(int Seed, float[] Loss, int DivergedAtStep);

/// <summary>One init's seeds for <see cref="Charts.LossBands"/>.</summary>
public sealed record SeedCurves(string Label, IReadOnlyList<SeedCurve> Seeds);

/// <summary>The samples' PNG charts (ScottPlot 5, rendered by SkiaSharp; no system fonts or libraries needed).</summary>
public static class Charts
{
    /// <summary>PNG size.</summary>
    public const int Width = 1000, Height = 620;

    static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    /// <summary>The font every label is drawn with, shipped next to the program (Plotting/Fonts).</summary>
    public const string FontName = "DejaVu Sans (HyperGen samples)";

    /// <summary>Whether the shipped font was found and registered; without it ScottPlot falls back to system fonts.</summary>
    public static bool FontRegistered { get; }

    static Charts()
    {
        // SkiaSharp's self-contained native library does not use fontconfig: on a machine without system fonts
        // every label would be blank. Register the font files copied next to the program instead.
        string folder = Path.Combine(AppContext.BaseDirectory, "Plotting", "Fonts");
        string regular = Path.Combine(folder, "DejaVuSans.ttf"), bold = Path.Combine(folder, "DejaVuSans-Bold.ttf");
        if (File.Exists(regular) && File.Exists(bold))
        {
            Fonts.AddFontFile(FontName, regular, bold: false, italic: false);
            Fonts.AddFontFile(FontName, bold, bold: true, italic: false);
            FontRegistered = true;
        }
    }

    /// <summary>The legend/plot colour of series <paramref name="index"/>.</summary>
    public static Color ColorOf(int index) => Palette.GetColor(index);

    /// <summary>Line chart; <paramref name="logY"/> plots log10(y) with decade ticks labelled as powers of ten.</summary>
    /// <returns>The PNG's path.</returns>
    /// <param name="yMax">Clip the y axis here (e.g. to keep a diverging curve from flattening the others); null: fit the data.</param>
    /// <param name="shade">An x range to shade, with its legend text.</param>
    /// <param name="yFromZero">Start a linear y axis at 0.</param>
    /// <param name="legend">Where the legend goes (null: upper right).</param>
    public static string Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series, bool logY, double? yMax = null,
        Shade? shade = null, bool yFromZero = false, Alignment? legend = null)
    {
        double lowest = double.PositiveInfinity, highest = double.NegativeInfinity;
        var plot = new Plot();
        AddShade(plot, shade);
        for (int i = 0; i < series.Count; i++)
        {
            var (xs, ys) = Finite(series[i].X, series[i].Y, logY);
            if (xs.Length == 0)
                continue;
            var line = plot.Add.ScatterLine(xs, ys, ColorOf(i));
            line.LineWidth = 2;
            line.LegendText = series[i].Label;
            lowest = Math.Min(lowest, ys.Min());
            highest = Math.Max(highest, ys.Max());
        }
        Decorate(plot, title, xLabel, yLabel, logY);
        if (yMax is { } max && double.IsFinite(lowest))
        {
            double top = Math.Min(highest, logY ? Math.Log10(max) : max);
            double pad = (top - lowest) * 0.05 + (logY ? 0.02 : 1e-9);
            plot.Axes.SetLimitsY(lowest - pad, top + pad);
        }
        if (legend is { } where)
            plot.ShowLegend(where);
        if (yFromZero && !logY && double.IsFinite(highest))
        {
            plot.Axes.AutoScale();
            plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top);
        }
        return Save(plot, path);
    }

    static void AddShade(Plot plot, Shade? shade)
    {
        if (shade is not { } s)
            return;
        var span = plot.Add.HorizontalSpan(s.From, s.To);
        span.FillStyle.Color = Colors.Gray.WithAlpha(0.18);
        span.LineStyle.Width = 0;
        span.LegendText = s.Label;
    }

    /// <summary>
    /// Training loss per init on linear axes that start at 0: the mean over the seeds that did not diverge, with
    /// their min–max as a band. A diverged seed is never averaged in: its curve is drawn dashed up to the step it
    /// diverged at, marked ×. The y axis stops at <paramref name="yTop"/> so one init far off scale cannot flatten the
    /// others; a curve clipped there says so in the legend, with its first and last values.
    /// </summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yLabel">Y axis label.</param>
    /// <param name="inits">Per init: legend label and per-seed curves.</param>
    /// <param name="steps">The planned number of steps (the x axis runs 0 … steps, integer ticks).</param>
    /// <param name="yTop">Top of the y axis.</param>
    /// <param name="reference">A dotted horizontal reference line and its legend text (e.g. the loss of a uniform guess).</param>
    /// <param name="window">Trailing moving-average window applied to every seed's curve (1: none).</param>
    public static string LossBands(string path, string title, string yLabel, IReadOnlyList<SeedCurves> inits, int steps, double yTop,
        (double Y, string Label)? reference, int window)
    {
        var plot = new Plot();
        for (int i = 0; i < inits.Count; i++)
        {
            var color = ColorOf(i);
            var init = inits[i];
            var alive = init.Seeds.Where(s => s.DivergedAtStep == 0 && s.Loss.All(float.IsFinite)).ToList();
            var gone = init.Seeds.Except(alive).ToList();
            string label = init.Label;
            if (alive.Count > 0)
            {
                var smooth = alive.Select(s => Smooth(s.Loss, window)).ToList();
                int length = smooth.Min(c => c.Length);
                var xs = Enumerable.Range(1, length).Select(k => (double)k).ToArray();
                var mean = Enumerable.Range(0, length).Select(k => smooth.Average(c => c[k])).ToArray();
                if (alive.Count > 1)
                {
                    var band = plot.Add.FillY(xs, Enumerable.Range(0, length).Select(k => smooth.Min(c => c[k])).ToArray(),
                        Enumerable.Range(0, length).Select(k => smooth.Max(c => c[k])).ToArray());
                    band.FillColor = color.WithAlpha(0.22);
                    band.LineWidth = 0;
                }
                if (gone.Count > 0)
                    label += $"; {gone.Count} of {init.Seeds.Count} seeds diverged (×), band over the other {alive.Count}";
                double above = mean.Count(m => m > yTop) / (double)mean.Length;
                if (above > 0.5)
                    label += $"; off scale: {Number(mean[0])} at step 1, {Number(mean[^1])} at step {length}";
                else if (above > 0)
                    label += " (clipped at the top)";
                var line = plot.Add.ScatterLine(xs, mean, color);
                line.LineWidth = 2;
                line.LegendText = label;
            }
            else
            {
                // No seed survived: a legend entry for the × marks alone.
                var entry = plot.Add.Marker(double.NaN, double.NaN, MarkerShape.Eks, 12, color);
                entry.LegendText = label + $"; diverged in all {init.Seeds.Count} seeds (×, at the step it happened)";
            }
            foreach (var seed in gone)
            {
                int finite = seed.Loss.TakeWhile(float.IsFinite).Count();
                if (finite > 0)
                {
                    var xs = Enumerable.Range(1, finite).Select(k => (double)k).ToArray();
                    var dashed = plot.Add.ScatterLine(xs, Smooth(seed.Loss[..finite], window), color);
                    dashed.LineWidth = 1;
                    dashed.LinePattern = LinePattern.Dashed;
                }
                // The × sits at the step where the loss stopped being finite, at the top of the axis when the last finite loss is off scale.
                int at = seed.DivergedAtStep > 0 ? seed.DivergedAtStep : seed.Loss.Length;
                double y = finite > 0 ? Math.Min(seed.Loss[finite - 1], yTop * 0.97) : yTop * 0.97;
                plot.Add.Marker(at, y, MarkerShape.Eks, 14, color);
            }
        }
        if (reference is { } r)
        {
            var line = plot.Add.HorizontalLine(r.Y, 1.5f, Colors.Black.WithOpacity(0.6), LinePattern.Dotted);
            line.LegendText = r.Label;
        }
        Decorate(plot, title, "step", yLabel, logY: false);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimits(0, steps, 0, yTop);
        return Save(plot, path);
    }

    static double[] Smooth(float[] values, int window) => Stats.MovingAverage(values.Select(v => (double)v).ToArray(), window);

    static string Number(double v) => Math.Abs(v) >= 1e4 ? v.ToString("0.0e0", CultureInfo.InvariantCulture) : v.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>
    /// Variance per generated tensor on a log axis: for every init a coloured marker (realised variance) next to a
    /// black dash (that init's target), so hits sit on their dash and misses stand off it by decades.
    /// </summary>
    /// <param name="path">PNG path.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="tensors">Tensor names along x.</param>
    /// <param name="inits">Per init: label, target variance per tensor, realised variance per tensor.</param>
    public static string VarianceVsTarget(string path, string title, IReadOnlyList<string> tensors,
        IReadOnlyList<(string Label, double[] Target, double[] Realised)> inits)
    {
        var plot = new Plot();
        double width = 0.84, step = width / Math.Max(1, inits.Count);
        bool targetLabelled = false;
        for (int i = 0; i < inits.Count; i++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int t = 0; t < tensors.Count; t++)
            {
                double x = t - width / 2 + step * (i + 0.5);
                double target = inits[i].Target[t];
                if (target > 0 && double.IsFinite(target))
                {
                    var dash = plot.Add.Line(x - step * 0.45, Math.Log10(target), x + step * 0.45, Math.Log10(target));
                    dash.Color = Colors.Black;
                    dash.LineWidth = 3;
                    if (!targetLabelled)
                    {
                        dash.LegendText = "target";
                        targetLabelled = true;
                    }
                }
                double v = inits[i].Realised[t];
                if (v > 0 && double.IsFinite(v))
                {
                    xs.Add(x);
                    ys.Add(Math.Log10(v));
                }
            }
            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, 10, ColorOf(i));
            markers.LegendText = inits[i].Label;
        }
        Decorate(plot, title, "generated tensor", "variance (log scale)", logY: true);
        plot.ShowLegend(Alignment.LowerRight); // the upper right holds the last tensor's points
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int t = 0; t < tensors.Count; t++)
            ticks.AddMajor(t, tensors[t]);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.SetLimitsX(-0.6, tensors.Count - 0.4);
        return Save(plot, path);
    }

    /// <summary>
    /// 1-D regression: training points, and per series a mean curve with an optional ±band.
    /// </summary>
    /// <param name="shade">An x range to shade (e.g. where there are no training data), with its legend text.</param>
    public static string Regression(string path, string title, IReadOnlyList<(string Label, double[] X, double[] Y)> points,
        IReadOnlyList<(string Label, double[] X, double[] Mean, double[]? Low, double[]? High)> curves, (double Min, double Max)? yLimits = null,
        Alignment legend = Alignment.UpperRight, Shade? shade = null)
    {
        var plot = new Plot();
        AddShade(plot, shade);
        for (int i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            var color = ColorOf(i);
            if (c.Low is not null && c.High is not null)
            {
                var band = plot.Add.FillY(c.X, c.Low, c.High);
                band.FillColor = color.WithAlpha(0.25);
                band.LineWidth = 0;
                band.LegendText = c.Label + " ± 2 std";
            }
            var line = plot.Add.ScatterLine(c.X, c.Mean, color);
            line.LineWidth = 2;
            line.LegendText = c.Label;
        }
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var markers = plot.Add.Markers(p.X, p.Y, MarkerShape.FilledCircle, 5, i < curves.Count ? ColorOf(i).Darken(0.3) : Colors.Black);
            markers.LegendText = p.Label;
        }
        Decorate(plot, title, "x", "y", logY: false);
        plot.ShowLegend(legend);
        if (yLimits is { } limits)
            plot.Axes.SetLimitsY(limits.Min, limits.Max);
        return Save(plot, path);
    }

    static void Decorate(Plot plot, string title, string xLabel, string yLabel, bool logY)
    {
        if (FontRegistered)
            plot.Font.Set(FontName);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (logY)
        {
            var ticks = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => FormatPower(y),
            };
            plot.Axes.Left.TickGenerator = ticks;
            plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
            plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
            plot.Grid.MinorLineWidth = 1;
        }
        plot.ShowLegend(Alignment.UpperRight);
    }

    static string FormatPower(double log10)
    {
        double v = Math.Pow(10, log10);
        return log10 is >= -3 and <= 4 ? v.ToString("0.###", CultureInfo.InvariantCulture) : v.ToString("0e0", CultureInfo.InvariantCulture);
    }

    static (double[] X, double[] Y) Finite(double[] xs, double[] ys, bool logY)
    {
        var x = new List<double>(xs.Length);
        var y = new List<double>(ys.Length);
        for (int i = 0; i < Math.Min(xs.Length, ys.Length); i++)
        {
            double v = logY ? Math.Log10(ys[i]) : ys[i];
            if (double.IsFinite(v) && double.IsFinite(xs[i]))
            {
                x.Add(xs[i]);
                y.Add(v);
            }
        }
        return (x.ToArray(), y.ToArray());
    }

    static string Save(Plot plot, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
