using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using HyperGen.Samples.Cli;
using Spectre.Console;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace HyperGen.Samples.Tests;

/// <summary>Runs the samples' command line in-process with a captured console, in a fresh output folder.</summary>
public sealed class SampleRunner : IDisposable
{
    public SampleRunner()
    {
        Folder = Path.Combine(Path.GetTempPath(), "hypergen-samples-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    /// <summary>A fresh folder, deleted afterwards.</summary>
    public string Folder { get; }

    /// <summary>Runs <paramref name="args"/>; returns the exit code and everything printed.</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        int code = SamplesApp.Run(args, console);
        return (code, writer.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Assertions on the artefacts the samples write.</summary>
public static class Artefacts
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    /// <summary>The file is a PNG of a plausible size with a real image header.</summary>
    public static void IsPng(string path)
    {
        Assert.True(File.Exists(path), $"missing plot {path}");
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 5_000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(bytes, 12, 4));
        int width = (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19];
        int height = (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
        Assert.True(width >= 400 && height >= 300, $"{path} is {width}×{height}");
    }

    /// <summary>Reads a CSV, checks its header, and parses every cell of the numeric columns.</summary>
    public static List<Dictionary<string, string>> Csv(string path, params string[] header)
    {
        Assert.True(File.Exists(path), $"missing CSV {path}");
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        Assert.Equal(string.Join(',', header), lines[0]);
        var rows = new List<Dictionary<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Equal(header.Length, cells.Length);
            rows.Add(header.Zip(cells).ToDictionary(p => p.First, p => p.Second));
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    /// <summary>Parses a number as the samples write them (invariant culture; NaN and ∞ allowed).</summary>
    public static double Number(string cell)
    {
        Assert.True(double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v), $"'{cell}' is not a number");
        return v;
    }
}
