using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace HyperGen.Fuzz.Tests;

/// <summary>
/// Writes random [Hypernet] usages: sometimes coherent (a valid mainnet), mostly not — bad and extreme sizes,
/// wrong argument types, undefined enum values, duplicate and weird names, generic, nested, static, record and
/// non-partial types, base classes, member clashes, layers split over partial declarations, conflicting forms,
/// and C# syntax errors around the attributes. Deterministic for a seed.
/// </summary>
internal sealed class CaseGenerator(int seed)
{
    readonly Random _r = new(seed);

    bool Chance(double p) => _r.NextDouble() < p;
    T Pick<T>(params T[] items) => items[_r.Next(items.Length)];

    string Size()
    {
        return _r.Next(12) switch
        {
            0 => "0",
            1 => "-" + _r.Next(1, 100),
            2 => "int.MaxValue",
            3 => (1 << 21).ToString(CultureInfo.InvariantCulture),
            4 => "1",
            _ => _r.Next(1, 300).ToString(CultureInfo.InvariantCulture),
        };
    }

    string Activation() => _r.Next(10) switch
    {
        0 => "(Activation)42",
        1 => "Activation.LeakyReLU, NegativeSlope = " + Pick("0.2", "double.NaN", "double.PositiveInfinity", "-3", "1e20", "-1e300"),
        _ => "Activation." + Pick("Identity", "ReLU", "Tanh", "Sigmoid", "GELU", "SELU", "SiLU"),
    };

    string Name() => Pick("\"Enc\"", "\"Layer1\"", "\"class\"", "\"1bad\"", "\"\"", "\"Ünïcode\"", "\"Weights\"", "\"Mainnet\"", "null", "\"fc\"", "\"Fc\"",
        "\"E\\u200Bnc\"", "\"Tensor\\u200Bs\"");

    string LayerOptions(bool conv)
    {
        var options = new List<string>();
        if (Chance(0.5)) options.Add("Activation = " + Activation());
        if (Chance(0.2)) options.Add("Bias = " + Pick("false", "true"));
        if (Chance(0.2)) options.Add("Name = " + Name());
        if (conv && Chance(0.3)) options.Add("Stride = " + Pick("0", "1", "2", "-1", "3"));
        if (conv && Chance(0.3)) options.Add("Padding = " + Pick("0", "1", "-2", "5"));
        return options.Count == 0 ? "" : ", " + string.Join(", ", options);
    }

    string RandomLayer() => _r.Next(9) switch
    {
        0 or 1 => $"[Linear({Size()}, {Size()}{LayerOptions(false)})]",
        2 => $"[Conv1d({Size()}, {Size()}, {Pick("1", "3", "5", "0", "99")}{LayerOptions(true)})]",
        3 => $"[Conv2d({Size()}, {Size()}, {Pick("1", "3", "5", "0", "99")}{LayerOptions(true)})]",
        4 => $"[MaxPool2d({Pick("2", "3", "0", "-1")}{(Chance(0.3) ? ", Stride = " + Pick("0", "1", "-1") : "")}{(Chance(0.2) ? ", Padding = " + Pick("1", "3") : "")})]",
        5 => $"[AvgPool2d({Pick("2", "1", "0")})]",
        6 => "[Flatten]",
        7 => $"[GenerateTensor({Name()}, {string.Join(", ", Enumerable.Range(0, _r.Next(0, 4)).Select(_ => Size()))}{(Chance(0.3) ? ", BiasOf = " + Name() : "")})]",
        _ => Pick("[Linear(3, )]", "[Linear(\"a\", 2)]", "[Linear(2, 3, Activation = 5)]", "[Conv2d(1, 2)]", "[Linear(2.5, 3)]", "[Linear(2, 3, Nonsense = 1)]", "[Linear(2, 3"),
    };

    /// <summary>A coherent mainnet: consecutive sizes agree, spatial shapes stay positive.</summary>
    List<string> CoherentLayers(out string input)
    {
        var layers = new List<string>();
        input = "";
        if (Chance(0.5))
        {
            int c = _r.Next(1, 4), hw = _r.Next(6, 20), c2 = _r.Next(1, 6);
            input = $"Input = new[] {{ {c}, {hw}, {hw} }}";
            layers.Add($"[Conv2d({c}, {c2}, 3, Padding = 1{(Chance(0.5) ? ", Activation = Activation.ReLU" : "")})]");
            layers.Add("[MaxPool2d(2)]");
            layers.Add("[Flatten]");
            int features = c2 * (hw / 2) * (hw / 2);
            layers.Add($"[Linear({features}, {_r.Next(1, 10)})]");
            return layers;
        }
        int width = _r.Next(1, 50);
        for (int i = 0, n = _r.Next(1, 4); i < n; i++)
        {
            int next = _r.Next(1, 50);
            layers.Add($"[Linear({width}, {next}{(Chance(0.5) ? ", Activation = Activation.ReLU" : "")}{(Chance(0.2) ? ", Bias = false" : "")})]");
            width = next;
        }
        return layers;
    }

    string HypernetAttribute(string input)
    {
        var options = new List<string>();
        if (Chance(0.7)) options.Add("Embedding = " + (Chance(0.7) ? _r.Next(1, 40).ToString(CultureInfo.InvariantCulture) : Size()));
        if (Chance(0.3)) options.Add("Hidden = new[] { " + string.Join(", ", Enumerable.Range(0, _r.Next(0, 3)).Select(_ => Chance(0.7) ? _r.Next(1, 40).ToString(CultureInfo.InvariantCulture) : Size())) + " }");
        if (Chance(0.2)) options.Add("Init = " + Pick("HyperfanMode.In", "HyperfanMode.Out", "HyperfanMode.Harmonic", "(HyperfanMode)9"));
        if (Chance(0.1)) options.Add("Calibrate = " + Pick("true", "false"));
        if (input.Length > 0) options.Add(input);
        else if (Chance(0.15)) options.Add("Input = new[] { " + string.Join(", ", Enumerable.Range(0, _r.Next(0, 5)).Select(_ => Size())) + " }");
        if (Chance(0.1)) options.Add("Conditions = " + Pick("3", "0", "-1"));
        if (Chance(0.1)) options.Add("ConditionSize = " + Pick("4", "0", "-2"));
        if (Chance(0.08)) options.Add("Noise = " + Pick("2", "-1"));
        if (Chance(0.08)) options.Add("Chunk = " + Pick("64", "0", "-5"));
        if (Chance(0.05)) options.Add("ConditionSecondMoment = " + Pick("2.0", "double.NaN", "-1.0", "1e308", "1e-320"));
        if (Chance(0.05)) options.Add(Pick("Embedding = ", "Hidden = new[] { 1, }", "Embedding = \"x\"", "Init = 3"));
        return options.Count == 0 ? "[Hypernet]" : "[Hypernet(" + string.Join(", ", options) + ")]";
    }

    /// <summary>A valid layer in one of its spellings: positional or named arguments, in any order.</summary>
    string LinearSpelled(int inFeatures, int outFeatures, string options) => _r.Next(4) switch
    {
        0 => $"[Linear(outFeatures: {outFeatures}, inFeatures: {inFeatures}{options})]",
        1 => $"[Linear(inFeatures: {inFeatures}, {outFeatures}{options})]",
        2 => $"[HyperGen.Linear({inFeatures}, outFeatures: {outFeatures}{options})]",
        _ => $"[Linear({inFeatures}, {outFeatures}{options})]",
    };

    // Names the generated part takes (GeneratedMembers) and names like them in case only.
    static readonly string[] GeneratedNames =
    {
        "Weights", "Targets", "GenerateWeights", "Mainnet", "ResetParameters", "InitReport", "forward", "Hidden", "HeadInputs",
        "ExpectedHeadInputMoment", "EmbeddingSize", "HeadInputSize", "embeddings", "initMode", "initDescription", "RegisterComponents",
        "WeightsFrom", "layer1WeightHead", "layer1BiasHead", "hidden1", "head", "scales", "ChunkCount", "weights", "Forward", "targets",
        // … and of the runtime base the generated class derives from.
        "Definition", "Initialization", "GenerateTensors", "SampleTensors", "initRecord",
    };

    static readonly string[] TensorNames = { "W", "Name", "Tensor", "All", "Named", "In", "Out", "Class", "Dim0", "Rank", "ToString", "Targets", "_w", "Ünï", "Definition", "Tensors", "Weights" };

    /// <summary>
    /// A coherent class with one hostile twist: a member, nested type or class named like generated code, a
    /// constructor, a file-local or nested declaration, a keyword namespace, a second class whose name differs
    /// only in case, small hidden widths, the chunked form at the limits, the custom form's names and Mainnet
    /// spellings, loops over the model's parameters, a member named nameof, arguments that use the class's own generated
    /// constants, an older LangVersion. Each is either valid C# the generator must handle or an
    /// invalid class an HG diagnostic must explain.
    /// </summary>
    string Hostile()
    {
        var sb = new StringBuilder();
        // An older C# than the SDK's (the generated file is compiled with it): FuzzTests reads this first line.
        if (Chance(0.1))
            sb.AppendLine(FuzzLanguage.Marker + Pick("7.3", "8", "9", "10"));
        sb.AppendLine("using HyperGen;");
        sb.AppendLine("using TorchSharp;");
        sb.AppendLine("using TorchSharp.Modules;");
        sb.AppendLine("using static TorchSharp.torch;");
        string ns = Pick("", "Demo", "MyApp.@event", "@class.Models", "Deep.@namespace.X", "Ünï");
        if (ns.Length > 0) sb.AppendLine($"namespace {ns} {{");

        var hypernet = new List<string>();
        if (Chance(0.3)) hypernet.Add("Embedding = " + Pick("1", "2", "8", "64"));
        if (Chance(0.3)) hypernet.Add("Hidden = new[] { " + Pick("1", "2", "4", "2, 2", "8, 1") + " }");
        if (Chance(0.15)) hypernet.Add("Calibrate = false");
        string twist = Pick("member", "nested", "class", "ctor", "file", "outer", "namespace", "case", "chunk", "custom", "loop", "names", "twice", "nameof", "selfconst", "none");
        if (twist == "selfconst") hypernet.Add(Pick("Conditions = 3", "Noise = 2", "ConditionSize = 4"));
        if (twist == "chunk") hypernet.Add("Chunk = " + Pick("1", "7", "64", "4096"));

        var layers = new List<string>();
        int width = _r.Next(1, 12);
        for (int i = 0, n = _r.Next(1, 3); i < n; i++)
        {
            int next = twist == "chunk" && Chance(0.3) ? Pick(10000, 40000) : _r.Next(1, 12);
            if (twist == "chunk" && next > 100) width = next;
            string name = twist == "names" && Chance(0.6) ? ", Name = \"" + Pick("In", "Out", "Name", "Tensor", "All", "Named", "Class", "_enc", "层", "Weights", "E\\u200Bnc") + "\"" : "";
            // An argument that uses the class's own generated constant (it does not exist when the generator reads it).
            if (twist == "selfconst" && i == 0)
                name += ", Name = nameof(NAME." + Pick("ConditionCount", "NoiseSize", "ConditionSize", "Weights") + ")";
            layers.Add(LinearSpelled(width, next, (Chance(0.5) ? ", Activation = Activation.ReLU" : "") + name));
            width = next;
        }
        if (twist == "custom")
        {
            layers.Clear();
            string w = Pick(TensorNames);
            layers.Add($"[GenerateTensor(\"{w}\", {_r.Next(1, 6)}, {_r.Next(1, 6)})]");
            if (Chance(0.4)) layers.Add($"[GenerateTensor(\"{Pick("B", "Bias", "Named")}\", {_r.Next(1, 6)}, BiasOf = \"{w}\")]");
        }

        string name0 = twist == "class" ? Pick(GeneratedNames) : Pick("Net", "Hyper", "Ñet", "@class", "_x", "层");
        string modifiers = twist == "file" ? "file partial" : "public partial";
        string parameters = twist == "ctor" && Chance(0.4) ? "(int seed)" : "";
        bool nestedInFile = twist == "file" && Chance(0.4);
        if (twist is "outer" or "nested" || nestedInFile)
            sb.AppendLine(nestedInFile ? "file partial class Outer {" : Pick("public partial class Outer {", "internal static partial class Outer {", "public partial struct Outer {", "public partial class Outer { public partial class Mid {"));
        if (nestedInFile) modifiers = "public partial";

        sb.AppendLine(hypernet.Count == 0 ? "[Hypernet]" : "[Hypernet(" + string.Join(", ", hypernet) + ")]");
        foreach (var l in layers) sb.AppendLine(l.Replace("NAME.", name0 + "."));
        sb.AppendLine($"{modifiers} class {name0}{parameters}");
        sb.AppendLine("{");
        switch (twist)
        {
            case "member":
                string member = Pick(GeneratedNames);
                sb.AppendLine(Pick($"    public int {member};", $"    private static void {member}() {{ }}", $"    public object? {member} {{ get; set; }}", $"    public Tensor {member}(Tensor x, long y) => x;"));
                break;
            case "nested":
                sb.AppendLine($"    public {Pick("class", "struct", "interface", "enum", "record")} {Pick(GeneratedNames)} {{ }}");
                break;
            case "ctor" when parameters.Length == 0:
                sb.AppendLine(Pick("    public Net2(int seed) { }", "    public NAME(int seed) { }", "    public NAME(int seed) : this() { }", "    public NAME(long x) : base() { }", "    public NAME() { }").Replace("NAME", name0));
                break;
            case "custom":
                sb.AppendLine(Pick(
                    "    public static partial Tensor Mainnet(Tensor x, Weights w) => x;",
                    "    public static Tensor Mainnet(Tensor x, Weights w) => x;",
                    "    internal static partial Tensor Mainnet(Tensor x, Weights w) => x;",
                    "    public static partial Tensor Mainnet(Tensor x, Weights w, int k) => x;",
                    "    public partial Tensor Mainnet(Tensor x, Weights w) => x;",
                    "    public static partial Tensor Mainnet(Tensor x, Weights w) => x;\n    public static Tensor Mainnet(Tensor x) => x;",
                    ""));
                break;
            case "nameof":
                // A member named nameof: generated code must not spell the class name as nameof(NAME).
                sb.AppendLine(Pick("    public static string nameof(object o) => \"\";", "    static int nameof(int x) => x;", "    public static System.Func<object, string> nameof = o => \"\";"));
                break;
            case "loop":
                sb.AppendLine(Pick(
                    "    public void Init() { foreach (var (name, p) in named_parameters()) if (p.dim() > 1) nn.init.xavier_uniform_(p); }",
                    "    public void Init() { foreach (var (name, m) in named_modules()) if (m is Linear l && !name.Contains(\"Head\")) nn.init.kaiming_normal_(l.weight!); }",
                    "    public void Init() { apply(m => { if (m is Linear l) nn.init.xavier_uniform_(l.weight!); }); }"));
                break;
        }
        sb.AppendLine("}");
        if (twist == "twice")
            sb.AppendLine($"[Hypernet] public partial class {name0} {{ }}");
        if (twist == "case")
        {
            // Another valid hypernet whose name differs only in case (its generated file must not clash).
            string bare = name0.TrimStart('@');
            string other = bare.ToUpperInvariant() == bare ? bare.ToLowerInvariant() : bare.ToUpperInvariant();
            if (other == bare) other = "Other"; // a script without case
            sb.AppendLine($"[Hypernet] [Linear(2, 2)] public partial class {other} {{ }}");
        }
        if (twist is "outer" or "nested" || nestedInFile)
            sb.AppendLine(sb.ToString().Contains("class Mid {") ? "} }" : "}");
        if (ns.Length > 0) sb.AppendLine("}");
        return sb.ToString();
    }

    public string Next()
    {
        if (Chance(0.3))
            return Hostile();
        bool coherent = Chance(0.35);
        string input = "";
        var layers = coherent ? CoherentLayers(out input) : Enumerable.Range(0, _r.Next(0, 6)).Select(_ => RandomLayer()).ToList();
        if (!coherent && Chance(0.15) && layers.Count > 0)
            layers.Insert(_r.Next(layers.Count), RandomLayer());

        var sb = new StringBuilder();
        sb.AppendLine("using HyperGen;");
        sb.AppendLine("using TorchSharp;");
        sb.AppendLine("using static TorchSharp.torch;");
        string ns = Pick("", "Demo", "Deep.Name.Space", "Ünï.Cöde", "@namespace_");
        if (ns.Length > 0) sb.AppendLine($"namespace {ns.Replace("@namespace_", "Escaped")} {{");

        string modifiers = coherent && Chance(0.8) ? "public partial" : Pick("public partial", "internal sealed partial", "public", "partial", "public static partial", "public abstract partial");
        string kind = coherent ? "class" : Pick("class", "class", "class", "record", "struct");
        string generic = !coherent && Chance(0.08) ? "<T>" : "";
        string baseList = !coherent && Chance(0.1) ? Pick(" : System.Exception", " : System.Object", " : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>") : "";
        string name = Pick("Net", "Hyper", "Ñet", "@class", "_x");
        bool nested = !coherent && Chance(0.12);
        if (nested) sb.AppendLine(Pick("public partial class Outer {", "public class Outer {", "public partial class Outer<U> {", "public static partial class Outer {"));

        bool hypernet = coherent || Chance(0.9);
        bool split = !coherent && layers.Count > 1 && Chance(0.1);
        var first = split ? layers.Take(layers.Count / 2).ToList() : layers;
        if (hypernet) sb.AppendLine(HypernetAttribute(input));
        foreach (var l in first) sb.AppendLine(l);
        sb.AppendLine($"{modifiers} {kind} {name}{generic}{baseList}");
        sb.AppendLine("{");
        if (!coherent && Chance(0.15))
            sb.AppendLine(Pick("    public void Mainnet() { }", "    int embeddings;", "    public Net() { }", "    public class Weights { }", "    public int forward;", "    void Helper() { }"));
        if (!coherent && Chance(0.05))
            sb.AppendLine("    void Broken( { }");
        sb.AppendLine("}");
        if (split)
        {
            foreach (var l in layers.Skip(layers.Count / 2)) sb.AppendLine(l);
            sb.AppendLine($"public partial {kind} {name}{generic} {{ }}");
        }
        if (layers.Any(l => l.Contains("GenerateTensor")) && Chance(0.5))
            sb.AppendLine($"public partial class {name} {{ public static partial Tensor Mainnet(Tensor x, Weights w) => x; }}");
        if (nested) sb.AppendLine("}");
        if (ns.Length > 0) sb.AppendLine("}");
        return sb.ToString();
    }
}

/// <summary>A case's C# version: the SDK's unless its first line says otherwise.</summary>
internal static class FuzzLanguage
{
    public const string Marker = "// LangVersion: ";

    public static Microsoft.CodeAnalysis.CSharp.LanguageVersion Of(string source) =>
        source.StartsWith(Marker, StringComparison.Ordinal)
        && Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.TryParse(source.Substring(Marker.Length, source.IndexOf('\n') - Marker.Length).Trim(), out var version)
            ? version
            : Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp13;
}
