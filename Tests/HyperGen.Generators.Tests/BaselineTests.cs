using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HyperGen.Generators.Tests;

/// <summary>
/// The generated code, pinned file by file. Run with HYPERGEN_UPDATE_BASELINES=1 to rewrite the files under
/// Baselines/ after an intended change, then review the diff.
/// </summary>
public class BaselineTests
{
    public static readonly Dictionary<string, string> Cases = new()
    {
        ["MnistHypernet"] = """
            using HyperGen;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 64, Hidden = new[] { 100 }, Init = HyperfanMode.In)]
            [Linear(784, 300, Activation = Activation.ReLU)]
            [Linear(300, 100, Activation = Activation.ReLU)]
            [Linear(100, 10)]
            public partial class MnistHypernet { }
            """,
        ["ConvHypernet"] = """
            using HyperGen;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 32, Input = new[] { 1, 28, 28 })]
            [Conv2d(1, 16, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
            [Conv2d(16, 32, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
            [Flatten] [Linear(32 * 7 * 7, 10)]
            public partial class ConvHypernet { }
            """,
        ["BiasFreeHypernet"] = """
            using HyperGen;
            namespace Demo.Models;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 16)]
            [Linear(20, 30, Activation = Activation.Tanh, Bias = false)]
            [Linear(30, 5, Bias = false)]
            internal sealed partial class BiasFreeHypernet { }
            """,
        ["HyperfanOutHypernet"] = """
            using HyperGen;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 32, Hidden = new[] { 64, 64 }, Init = HyperfanMode.Out, Calibrate = false)]
            [Linear(100, 300, Activation = Activation.LeakyReLU, NegativeSlope = 0.2, Name = "Encoder")]
            [Linear(300, 10, Name = "Readout")]
            public partial class HyperfanOutHypernet { }
            """,
        ["HarmonicConv1dHypernet"] = """
            using HyperGen;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 8, Init = HyperfanMode.Harmonic, Input = new[] { 3, 64 })]
            [Conv1d(3, 8, 5, Stride = 2, Activation = Activation.GELU)]
            [Flatten]
            [Linear(8 * 30, 4, Activation = Activation.Sigmoid)]
            public partial class HarmonicConv1dHypernet { }
            """,
        ["NestedHypernet"] = """
            using HyperGen;

            /// <summary>Outer.</summary>
            public static partial class Outer
            {
                /// <summary>A hypernet.</summary>
                [Hypernet(Embedding = 4)]
                [Linear(2, 3, Activation = Activation.SELU)]
                public partial class Tiny { }
            }
            """,
        ["TaskConditionedHypernet"] = """
            using HyperGen;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 32, Conditions = 5, ConditionEmbedding = 8, Hidden = new[] { 64 })]
            [Linear(1, 40, Activation = Activation.ReLU)]
            [Linear(40, 1)]
            public partial class TaskConditionedHypernet { }
            """,
        ["InputConditionedConvHypernet"] = """
            using HyperGen;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 16, ConditionSize = 8, ConditionSecondMoment = 2.0, Input = new[] { 1, 12, 12 })]
            [Conv2d(1, 4, 3, Activation = Activation.ReLU)] [MaxPool2d(2)]
            [Flatten] [Linear(4 * 5 * 5, 3)]
            public partial class InputConditionedConvHypernet { }
            """,
        ["NoiseHypernet"] = """
            using HyperGen;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 16, Noise = 4, Hidden = new[] { 32 })]
            [Linear(1, 50, Activation = Activation.Tanh)]
            [Linear(50, 1)]
            public partial class NoiseHypernet { }
            """,
        ["ChunkedHypernet"] = """
            using HyperGen;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 64, Hidden = new[] { 100 }, Chunk = 4096)]
            [Linear(784, 300, Activation = Activation.ReLU)]
            [Linear(300, 100, Activation = Activation.ReLU)]
            [Linear(100, 10)]
            public partial class ChunkedHypernet { }
            """,
        ["ResidualHypernet"] = """
            using HyperGen;
            using TorchSharp;
            using static TorchSharp.torch;
            namespace Demo;

            /// <summary>A hypernet.</summary>
            [Hypernet(Embedding = 32)]
            [GenerateTensor("W1", 64, 16, Activation = Activation.ReLU)]
            [GenerateTensor("B1", 64, BiasOf = "W1")]
            [GenerateTensor("W2", 16, 64)]
            public partial class ResidualHypernet
            {
                /// <summary>x + W2·relu(W1·x + b1).</summary>
                public static partial Tensor Mainnet(Tensor x, Weights w) =>
                    x + nn.functional.linear(nn.functional.relu(nn.functional.linear(x, w.W1, w.B1)), w.W2);
            }
            """,
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Names))]
    public void Generated_code_matches_its_baseline_and_compiles_clean(string name)
    {
        var (files, diagnostics) = GeneratorHarness.Run(Cases[name]);
        var file = Assert.Single(files);
        Assert.EndsWith(".Hypernet.g.cs", file.HintName);
        var problems = diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "The generated code must compile warning-free:\n" + GeneratorHarness.Describe(problems));
        AssertBaseline(name, file.Text);
    }

    [Fact]
    public void Generated_code_does_not_depend_on_the_culture()
    {
        // Numbers go into the generated source through the writer's own formatting: a culture with another minus sign
        // (U+2212, as in Swedish) or a decimal comma must not change a character.
        var sources = Cases.Values.ToArray();
        string Generate() => string.Join("\n", sources.SelectMany(s => GeneratorHarness.Run(s).Files).Select(f => f.Text));
        var saved = CultureInfo.CurrentCulture;
        string invariant, swedish;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            invariant = Generate();
            // Built by hand: the test host may run without ICU (globalization-invariant mode), where sv-SE does not exist.
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.NumberFormat.NegativeSign = "\u2212";
            culture.NumberFormat.NumberDecimalSeparator = ",";
            CultureInfo.CurrentCulture = culture;
            Assert.Equal("\u22123", (-3).ToString()); // the culture really differs
            swedish = Generate();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
        Assert.Equal(invariant, swedish);
    }

    static void AssertBaseline(string name, string actual, [CallerFilePath] string thisFile = "")
    {
        string source = Path.Combine(Path.GetDirectoryName(thisFile)!, "Baselines", name + ".g.cs");
        if (Environment.GetEnvironmentVariable("HYPERGEN_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(source, actual);
            return;
        }
        string expectedPath = File.Exists(source) ? source : Path.Combine(AppContext.BaseDirectory, "Baselines", name + ".g.cs");
        Assert.True(File.Exists(expectedPath), $"No baseline for {name}; run the tests with HYPERGEN_UPDATE_BASELINES=1 to create it.");
        string expected = File.ReadAllText(expectedPath).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var e = expected.Split('\n');
            var a = actual.Split('\n');
            int line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{name}.g.cs differs from its baseline at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "<end>")}\n  actual:   {(line < a.Length ? a[line] : "<end>")}\n" +
                        "If the change is intended, rerun with HYPERGEN_UPDATE_BASELINES=1 and review the diff.");
        }
    }
}
