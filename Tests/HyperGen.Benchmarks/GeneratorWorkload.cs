using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HyperGen.Benchmarks;

/// <summary>
/// A synthetic user project for measuring the generator: <c>n</c> valid <c>[Hypernet]</c> classes of varied
/// shapes (plain MLP, conv + pool + flatten, Conv1d, task-, input- and noise-conditioned, chunked, custom
/// forward, hidden MLPs, named/bias-free layers), sizes varying with the index, five classes per file over
/// seven namespaces, each class with an ordinary method, plus one plain-code file (no hypernet) per ten
/// classes. Shared by the generator benchmarks and the incrementality tests (linked there), so both look at
/// the same input.
/// </summary>
public static class GeneratorWorkload
{
    public const int ClassesPerFile = 5;
    public const int ClassesPerPlainFile = 10;

    /// <summary>The file that holds no hypernet, edited by the "unrelated edit" scenarios.</summary>
    public const string PlainFile = "Plain0.cs";
    /// <summary>A file with hypernets, edited in a method body that is no part of any hypernet's attributes.</summary>
    public const string HypernetFile = "Models0.cs";

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp13);

    public static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .Append(MetadataReference.CreateFromFile(typeof(HyperGen.HypernetAttribute).Assembly.Location))
        .ToImmutableArray();

    /// <summary>The project's files: <c>Models{k}.cs</c> (five hypernets each) and <c>Plain{k}.cs</c>.</summary>
    public static IReadOnlyList<(string Path, string Text)> Sources(int n)
    {
        var files = new List<(string, string)>();
        for (int file = 0; file * ClassesPerFile < n; file++)
        {
            var sb = new StringBuilder();
            sb.Append("using HyperGen;\nusing TorchSharp;\nusing static TorchSharp.torch;\n\nnamespace Bench.Area")
              .Append(file % 7).Append(";\n\n");
            for (int i = file * ClassesPerFile; i < System.Math.Min(n, (file + 1) * ClassesPerFile); i++)
                sb.Append(Class(i)).Append('\n');
            files.Add(($"Models{file}.cs", sb.ToString()));
        }
        for (int file = 0; file * ClassesPerPlainFile < n; file++)
            files.Add(($"Plain{file}.cs", Plain(file, 1)));
        return files;
    }

    public static CSharpCompilation Compilation(int n) =>
        CSharpCompilation.Create("BenchProject",
            Sources(n).Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path)),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>Replaces the constant in the first method body of <paramref name="path"/> by <paramref name="version"/>: an edit that changes no attribute.</summary>
    public static CSharpCompilation EditMethodBody(CSharpCompilation compilation, string path, int version)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.GetText();
        string s = text.ToString();
        int start = s.IndexOf("int edited = ", System.StringComparison.Ordinal) + "int edited = ".Length;
        int end = s.IndexOf(';', start);
        var changed = text.WithChanges(new TextChange(TextSpan.FromBounds(start, end), version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(changed));
    }

    /// <summary>Renames a method of <see cref="PlainFile"/> to <c>Edited{version}</c>: a declaration-level edit that touches no hypernet.</summary>
    public static CSharpCompilation EditDeclaration(CSharpCompilation compilation, int version)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == PlainFile);
        string text = tree.GetText().ToString();
        int start = text.IndexOf("int Edited", System.StringComparison.Ordinal) + "int ".Length;
        int end = text.IndexOf('(', start);
        var changed = tree.GetText().WithChanges(new TextChange(TextSpan.FromBounds(start, end), "Edited" + version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(changed));
    }

    /// <summary>Class <paramref name="i"/>: one of nine shapes, sizes varying with <paramref name="i"/>.</summary>
    static string Class(int i)
    {
        int e = 16 + 8 * (i % 7);           // embedding
        int h = 32 + 16 * (i % 5);          // a layer width
        int c = 4 + 4 * (i % 3);            // channels
        string attributes = (i % 9) switch
        {
            0 => $$"""
                [Hypernet(Embedding = {{e}})]
                [Linear(784, {{h}}, Activation = Activation.ReLU)]
                [Linear({{h}}, 10)]
                """,
            1 => $$"""
                [Hypernet(Embedding = {{e}}, Hidden = new[] { 32 }, Input = new[] { 1, 28, 28 })]
                [Conv2d(1, {{c}}, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
                [Conv2d({{c}}, {{2 * c}}, 3, Padding = 1, Activation = Activation.ReLU)] [AvgPool2d(2)]
                [Flatten] [Linear({{2 * c}} * 7 * 7, {{h}}, Activation = Activation.ReLU)] [Linear({{h}}, 10)]
                """,
            2 => $$"""
                [Hypernet(Embedding = {{e}}, Init = HyperfanMode.Harmonic, Input = new[] { 3, 64 })]
                [Conv1d(3, {{c}}, 5, Stride = 2, Activation = Activation.GELU)]
                [Flatten]
                [Linear({{c}} * 30, 4, Activation = Activation.Sigmoid)]
                """,
            3 => $$"""
                [Hypernet(Embedding = {{e}}, Conditions = {{2 + i % 4}}, Hidden = new[] { {{h}} })]
                [Linear(100, {{h}}, Activation = Activation.ReLU)]
                [Linear({{h}}, {{h}}, Activation = Activation.ReLU)]
                [Linear({{h}}, 10)]
                """,
            4 => $$"""
                [Hypernet(Embedding = {{e}}, ConditionSize = 8, Input = new[] { 1, 28, 28 })]
                [Conv2d(1, {{c}}, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
                [Flatten] [Linear({{c}} * 14 * 14, 10)]
                """,
            5 => $$"""
                [Hypernet(Embedding = {{e}}, Noise = 4)]
                [Linear(2, {{h}}, Activation = Activation.Tanh)]
                [Linear({{h}}, 1)]
                """,
            6 => $$"""
                [Hypernet(Embedding = {{e}}, Chunk = {{1024 * (1 + i % 4)}}, Hidden = new[] { 100 })]
                [Linear(784, {{h}}, Activation = Activation.ReLU)]
                [Linear({{h}}, 100, Activation = Activation.ReLU)]
                [Linear(100, 10)]
                """,
            7 => $$"""
                [Hypernet(Embedding = {{e}})]
                [GenerateTensor("W1", {{h}}, 16, Activation = Activation.ReLU)]
                [GenerateTensor("B1", {{h}}, BiasOf = "W1")]
                [GenerateTensor("W2", 16, {{h}})]
                """,
            _ => $$"""
                [Hypernet(Embedding = {{e}}, Hidden = new[] { 64, 64 }, Init = HyperfanMode.Out, Calibrate = false)]
                [Linear(100, {{h}}, Activation = Activation.LeakyReLU, NegativeSlope = 0.2, Name = "Encoder")]
                [Linear({{h}}, 10, Bias = false, Name = "Readout")]
                """,
        };
        string mainnet = i % 9 == 7
            ? "    public static partial Tensor Mainnet(Tensor x, Weights w) =>\n        x + nn.functional.linear(nn.functional.relu(nn.functional.linear(x, w.W1, w.B1)), w.W2);\n"
            : "";
        return $$"""
            /// <summary>Model {{i}}.</summary>
            {{attributes}}
            public partial class Net{{i}}
            {
            {{mainnet}}    /// <summary>An ordinary method: editing its body must not regenerate anything.</summary>
                public static int Describe(int x)
                {
                    int edited = {{i}};
                    int sum = 0;
                    for (int k = 0; k < x; k++)
                        sum += k * edited;
                    return sum;
                }
            }

            """;
    }

    /// <summary>Ordinary code with no hypernet: some methods with bodies, as in any project.</summary>
    static string Plain(int file, int version) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;

        namespace Bench.Util{{file % 3}};

        public static class Helpers{{file}}
        {
            public static int Edited()
            {
                int edited = {{version}};
                return edited * 2;
            }

            public static double Mean(IReadOnlyList<double> values)
            {
                if (values.Count == 0) throw new ArgumentException("empty", nameof(values));
                double sum = 0;
                foreach (double v in values) sum += v;
                return sum / values.Count;
            }

            public static string Describe(IEnumerable<int> sizes) =>
                string.Join(" x ", sizes.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));

            public static Dictionary<string, int> Count(IEnumerable<string> words)
            {
                var counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var w in words)
                    counts[w] = counts.TryGetValue(w, out int c) ? c + 1 : 1;
                return counts;
            }
        }

        """;
}
