using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace HyperGen.Samples.Training;

/// <summary>Small CSV writer: invariant culture, round-trippable doubles, NaN/∞ spelled as .NET parses them.</summary>
public sealed class Csv
{
    readonly StringBuilder _text = new();
    readonly int _columns;

    /// <summary>Starts a CSV with a header row.</summary>
    public Csv(params string[] header)
    {
        _columns = header.Length;
        _text.AppendJoin(',', header).Append('\n');
    }

    /// <summary>Appends a row; strings are quoted when they hold a comma or a quote.</summary>
    public Csv Row(params object?[] cells)
    {
        if (cells.Length != _columns)
            throw new ArgumentException($"A row needs {_columns} cells; got {cells.Length}.", nameof(cells));
        _text.AppendJoin(',', cells.Select(Format)).Append('\n');
        return this;
    }

    /// <summary>Writes the CSV to <paramref name="path"/>, creating its folder.</summary>
    public string Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, _text.ToString());
        return path;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    static string Format(object? cell) => cell switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(cell.ToString() ?? ""),
    };

    static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    /// <summary>Reads a CSV written by this class (no quoted commas): header and rows.</summary>
    public static (string[] Header, List<string[]> Rows) Read(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0)
            throw new InvalidDataException($"{path} is empty.");
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }
}

/// <summary>Mean and sample standard deviation.</summary>
public static class Stats
{
    /// <summary>Mean of <paramref name="values"/> (NaN when empty).</summary>
    public static double Mean(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length == 0 ? double.NaN : v.Average();
    }

    /// <summary>Sample standard deviation (0 for one value, NaN when empty).</summary>
    public static double Std(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0)
            return double.NaN;
        if (v.Length == 1)
            return 0;
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }

    /// <summary>Geometric mean of positive values (NaN when empty or any is not positive).</summary>
    public static double GeometricMean(IEnumerable<double> values)
    {
        var v = values.ToArray();
        return v.Length == 0 || v.Any(x => !(x > 0)) ? double.NaN : Math.Exp(v.Average(Math.Log));
    }

    /// <summary>A trailing moving average with window <paramref name="window"/> (shorter at the start).</summary>
    public static double[] MovingAverage(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i];
            count++;
            if (count > window)
            {
                sum -= values[i - window];
                count--;
            }
            result[i] = sum / count;
        }
        return result;
    }
}
