using System.Threading.Tasks;
using HyperGen.Analyzers.Heads;
using HyperGen.Analyzers.Tests.Infrastructure;
using HyperGen.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = HyperGen.Analyzers.Tests.Infrastructure.Verify<HyperGen.Analyzers.Heads.HypernetHeadAnalyzer>;

namespace HyperGen.Analyzers.Tests.Rules;

public class HG0001_ClassicalInitOnHeadTests
{
    const string Usings = """
        using HyperGen;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;

        """;

    static DiagnosticResult Hg0001(int location, string call, string head) =>
        V.Diagnostic(DiagnosticIds.ClassicalInitOnHead).WithLocation(location).WithArguments(call, head);

    // ---- (b) hand-written heads marked with [HypernetHead]

    const string MarkedHead = Usings + """
        public sealed class HandWritten : nn.Module
        {
            [HypernetHead(300, 784, Embedding = 64, Activation = Activation.ReLU)]
            readonly Linear fc1Head = nn.Linear(64, 300 * 784);

            public HandWritten() : base("HandWritten")
            {
                RegisterComponents();
                INIT;
            }
        }
        """;

    [Theory]
    [InlineData("nn.init.xavier_uniform_(fc1Head.weight!)", "nn.init.xavier_uniform_")]
    [InlineData("torch.nn.init.xavier_normal_(fc1Head.weight!)", "nn.init.xavier_normal_")]
    [InlineData("nn.init.kaiming_uniform_(fc1Head.weight!, 0, nn.init.FanInOut.FanIn, nn.init.NonlinearityType.ReLU)", "nn.init.kaiming_uniform_")]
    [InlineData("nn.init.kaiming_normal_(fc1Head.weight!)", "nn.init.kaiming_normal_")]
    [InlineData("nn.init.glorot_uniform_(tensor: fc1Head.weight!)", "nn.init.glorot_uniform_")]
    public Task Classical_init_on_a_marked_head_is_reported(string call, string name) =>
        V.AnalyzerAsync(MarkedHead.Replace("INIT", "{|#0:" + call + "|}"),
            Hg0001(0, name, "hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"));

    [Theory]
    [InlineData("HyperInit.InitWeightHead(fc1Head.weight!, new long[] { 300, 784 }, HyperfanMode.In, Activation.ReLU, biasGenerated: true)")]
    [InlineData("nn.init.zeros_(fc1Head.weight!)")]
    [InlineData("nn.init.xavier_uniform_(fc1Head.bias!)")]
    [InlineData("nn.init.uniform_(fc1Head.weight!, -0.001, 0.001)")]
    public Task Hyperfan_or_unrelated_init_on_a_marked_head_is_not_reported(string call) =>
        V.AnalyzerAsync(MarkedHead.Replace("INIT", call));

    [Fact]
    public Task Classical_init_on_an_unmarked_linear_is_not_reported() =>
        V.AnalyzerAsync(Usings + """
            public sealed class Plain : nn.Module
            {
                readonly Linear fc1 = nn.Linear(784, 300);
                public Plain() : base("Plain")
                {
                    RegisterComponents();
                    nn.init.xavier_uniform_(fc1.weight!);
                    nn.init.kaiming_uniform_(fc1.weight!);
                }
                public Tensor Forward(Tensor x) => nn.functional.relu(fc1.forward(x));
            }
            """);

    [Fact]
    public Task A_marked_head_through_a_local_and_from_another_type_is_reported() =>
        V.AnalyzerAsync(Usings + """
            public sealed class Net : nn.Module
            {
                [HypernetHead(10, 100, Embedding = 32, Role = TensorRole.Bias)]
                public readonly Linear biasHead = nn.Linear(32, 10);
                public Net() : base("Net") => RegisterComponents();
            }
            public static class Setup
            {
                public static void Init(Net net)
                {
                    var w = net.biasHead.weight!;
                    {|#0:nn.init.xavier_uniform_(w)|};
                }
            }
            """,
            Hg0001(0, "nn.init.xavier_uniform_", "hypernet head 'biasHead' (generates the bias of a layer with no activation whose weight is [10, 100])"));

    [Fact]
    public Task Fix_replaces_xavier_with_InitWeightHead_hyperfan_in() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            MarkedHead.Replace("INIT", "{|#0:nn.init.xavier_uniform_(fc1Head.weight!)|}"),
            MarkedHead.Replace("INIT", "HyperInit.InitWeightHead(fc1Head.weight!, new long[] { 300, 784 }, HyperfanMode.In, Activation.ReLU, biasGenerated: true)"),
            EquivalenceKeys.HyperfanIn, generated: false,
            Hg0001(0, "nn.init.xavier_uniform_", "hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"));

    [Fact]
    public Task Fix_offers_hyperfan_out_too() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            MarkedHead.Replace("INIT", "{|#0:nn.init.kaiming_uniform_(fc1Head.weight!)|}"),
            MarkedHead.Replace("INIT", "HyperInit.InitWeightHead(fc1Head.weight!, new long[] { 300, 784 }, HyperfanMode.Out, Activation.ReLU, biasGenerated: true)"),
            EquivalenceKeys.HyperfanOut, generated: false,
            Hg0001(0, "nn.init.kaiming_uniform_", "hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"));

    // ---- (c) inferred heads: a Linear viewed into the weight of functional.linear/conv

    const string Inferred = Usings + """
        public sealed class Inferred : nn.Module<Tensor, Tensor>
        {
            readonly Parameter embedding = new Parameter(torch.randn(64));
            readonly Linear fc1Head = nn.Linear(64, 300 * 784);
            readonly Linear fc1BiasHead = nn.Linear(64, 300);
            readonly Linear fc2Head;

            public Inferred() : base("Inferred")
            {
                fc2Head = nn.Linear(64, 10 * 300);
                RegisterComponents();
                INIT;
            }

            public override Tensor forward(Tensor x)
            {
                var w1 = fc1Head.forward(embedding).view(300, 784);
                x = nn.functional.linear(x, w1, fc1BiasHead.forward(embedding));
                x = nn.functional.relu(x);
                return nn.functional.linear(x, fc2Head.forward(embedding).view(10, -1));
            }
        }
        """;

    [Fact]
    public Task Classical_init_on_an_inferred_head_is_reported_with_the_activation_that_follows() =>
        V.AnalyzerAsync(Inferred.Replace("INIT", "{|#0:nn.init.xavier_uniform_(fc1Head.weight!)|};\n        {|#1:nn.init.kaiming_uniform_(fc2Head.weight!)|};\n        {|#2:nn.init.xavier_normal_(fc1BiasHead.weight!)|}"),
            Hg0001(0, "nn.init.xavier_uniform_", "inferred hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"),
            Hg0001(1, "nn.init.kaiming_uniform_", "inferred hypernet head 'fc2Head' (generates the [10, 300] weight of a layer with no activation)"),
            Hg0001(2, "nn.init.xavier_normal_", "inferred hypernet head 'fc1BiasHead' (generates the bias of a layer followed by ReLU whose weight is [300, 784])"));

    [Fact]
    public Task Fix_on_inferred_heads_uses_the_viewed_shapes_and_FixAll_fixes_every_head() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            Inferred.Replace("INIT", "{|#0:nn.init.xavier_uniform_(fc1Head.weight!)|};\n        {|#1:nn.init.kaiming_uniform_(fc2Head.weight!)|};\n        {|#2:nn.init.xavier_normal_(fc1BiasHead.weight!)|}"),
            Inferred.Replace("INIT", "HyperInit.InitWeightHead(fc1Head.weight!, new long[] { 300, 784 }, HyperfanMode.In, Activation.ReLU, biasGenerated: true);\n        HyperInit.InitWeightHead(fc2Head.weight!, new long[] { 10, 300 }, HyperfanMode.In, Activation.Identity, biasGenerated: false);\n        HyperInit.InitBiasHead(fc1BiasHead.weight!, new long[] { 300, 784 }, HyperfanMode.In, Activation.ReLU)"),
            EquivalenceKeys.HyperfanIn, generated: false,
            Hg0001(0, "nn.init.xavier_uniform_", "inferred hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"),
            Hg0001(1, "nn.init.kaiming_uniform_", "inferred hypernet head 'fc2Head' (generates the [10, 300] weight of a layer with no activation)"),
            Hg0001(2, "nn.init.xavier_normal_", "inferred hypernet head 'fc1BiasHead' (generates the bias of a layer followed by ReLU whose weight is [300, 784])"));

    [Fact]
    public Task Inferred_heads_from_a_ModuleList_and_a_conv_weight_are_reported() =>
        V.AnalyzerAsync(Usings + """
            public sealed class ConvHyper : nn.Module<Tensor, Tensor>
            {
                readonly Parameter e = new Parameter(torch.randn(8));
                readonly ModuleList<Linear> heads = new ModuleList<Linear>(nn.Linear(8, 16 * 3 * 9));
                public ConvHyper() : base("ConvHyper")
                {
                    RegisterComponents();
                    foreach (var head in heads)
                        {|#0:nn.init.kaiming_uniform_(head.weight!)|};
                }
                public override Tensor forward(Tensor x) =>
                    nn.functional.conv2d(x, heads[0].forward(e).reshape(16, 3, 3, 3)).tanh();
            }
            """,
            Hg0001(0, "nn.init.kaiming_uniform_", "inferred hypernet head 'heads' (generates the [16, 3, 3, 3] weight of a layer followed by Tanh)"));

    [Fact]
    public Task A_linear_used_as_an_ordinary_layer_is_not_inferred_to_be_a_head() =>
        V.AnalyzerAsync(Usings + """
            public sealed class Ordinary : nn.Module<Tensor, Tensor>
            {
                readonly Linear fc = nn.Linear(784, 10);
                readonly Parameter w = new Parameter(torch.randn(10, 10));
                public Ordinary() : base("Ordinary")
                {
                    RegisterComponents();
                    nn.init.xavier_uniform_(fc.weight!);
                }
                public override Tensor forward(Tensor x) => nn.functional.linear(fc.forward(x).view(-1, 10), w);
            }
            """);

    // ---- uniform_/normal_ with classical-looking scales

    [Theory]
    [InlineData("nn.init.uniform_(fc1Head.weight!, -1 / Math.Sqrt(fc1Head.in_features), 1 / Math.Sqrt(fc1Head.in_features))", "nn.init.uniform_")]
    [InlineData("nn.init.normal_(fc1Head.weight!, 0, Math.Sqrt(2.0 / fc1Head.in_features))", "nn.init.normal_")]
    [InlineData("nn.init.uniform_(fc1Head.weight!, -Math.Sqrt(6.0 / (fc1Head.in_features + fc1Head.out_features)), Math.Sqrt(6.0 / (fc1Head.in_features + fc1Head.out_features)))", "nn.init.uniform_")]
    [InlineData("nn.init.normal_(fc1Head.weight!, 0, nn.init.calculate_gain(nn.init.NonlinearityType.ReLU) / Math.Sqrt(fc1Head.weight!.shape[1]))", "nn.init.normal_")]
    [InlineData("fc1Head.weight!.uniform_(-Math.Sqrt(3.0 / fc1Head.in_features), Math.Sqrt(3.0 / fc1Head.in_features))", "Tensor.uniform_")]
    public Task Uniform_or_normal_scaled_by_the_heads_own_fans_is_reported(string call, string name) =>
        V.AnalyzerAsync(MarkedHead.Replace("INIT", "{|#0:" + call + "|}").Replace("using HyperGen;", "using System;\nusing HyperGen;"),
            Hg0001(0, name, "hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"));

    [Fact]
    public Task Uniform_scaled_through_CalculateFanInAndFanOut_locals_is_reported() =>
        V.AnalyzerAsync(MarkedHead.Replace("using HyperGen;", "using System;\nusing HyperGen;").Replace("INIT", """
            var (fanIn, fanOut) = nn.init.CalculateFanInAndFanOut(fc1Head.weight!);
                    double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
                    {|#0:nn.init.uniform_(fc1Head.weight!, -bound, bound)|}
            """),
            Hg0001(0, "nn.init.uniform_", "hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"));

    [Theory]
    [InlineData("nn.init.uniform_(fc1Head.weight!, -Math.Sqrt(3.0 * 2 / (784.0 * 64)), Math.Sqrt(3.0 * 2 / (784.0 * 64)))")]
    [InlineData("nn.init.normal_(fc1Head.weight!, 0, Math.Sqrt(2.0 / (784 * fc1Head.in_features)))")]
    [InlineData("nn.init.normal_(fc1Head.weight!)")]
    public Task Uniform_or_normal_with_a_hyperfan_or_constant_scale_is_not_reported(string call) =>
        V.AnalyzerAsync(MarkedHead.Replace("INIT", call).Replace("using HyperGen;", "using System;\nusing HyperGen;"));

    // ---- model.apply over a module with hypernet heads

    const string ApplyOverGenerated = Usings + """
        [Hypernet(Embedding = 16, Calibrate = false)]
        [Linear(20, 10)]
        public partial class Small { }

        public static class Training
        {
            public static void Setup(Small model)
            {
                APPLY
            }
        }
        """;

    [Fact]
    public Task Apply_loop_over_a_generated_hypernet_is_reported_and_fixed_with_ResetParameters() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            ApplyOverGenerated.Replace("APPLY", "model.apply(m => { if (m is Linear l) { {|#0:init.xavier_uniform_(l.weight!)|}; l.bias!.zero_(); } });")
                .Replace("using static TorchSharp.torch;", "using static TorchSharp.torch;\nusing static TorchSharp.torch.nn;"),
            ApplyOverGenerated.Replace("APPLY", "model.ResetParameters(HyperfanMode.In, calibrate: false);")
                .Replace("using static TorchSharp.torch;", "using static TorchSharp.torch;\nusing static TorchSharp.torch.nn;"),
            EquivalenceKeys.HyperfanIn, generated: true,
            Hg0001(0, "nn.init.xavier_uniform_", "the modules of 'Small' that apply() visits, including hypernet head 'layer1WeightHead'"));

    [Fact]
    public Task Apply_loop_with_two_inits_is_fixed_once_by_FixAll() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            ApplyOverGenerated.Replace("APPLY", "model.apply(m => { if (m is Linear l) { {|#0:nn.init.kaiming_uniform_(l.weight!)|}; {|#1:nn.init.xavier_normal_(l.weight!)|}; } });"),
            ApplyOverGenerated.Replace("APPLY", "model.ResetParameters(HyperfanMode.Out, calibrate: false);"),
            EquivalenceKeys.HyperfanOut, generated: true,
            Hg0001(0, "nn.init.kaiming_uniform_", "the modules of 'Small' that apply() visits, including hypernet head 'layer1WeightHead'"),
            Hg0001(1, "nn.init.xavier_normal_", "the modules of 'Small' that apply() visits, including hypernet head 'layer1WeightHead'"));

    [Fact]
    public Task Apply_loop_over_a_module_containing_marked_heads_is_reported_without_a_fix() =>
        V.AnalyzerAsync(Usings + """
            public sealed class Inner : nn.Module
            {
                [HypernetHead(5, 5, Embedding = 4)] readonly Linear head = nn.Linear(4, 25);
                public Inner() : base("Inner") => RegisterComponents();
            }
            public sealed class Outer : nn.Module
            {
                readonly Inner inner = new Inner();
                public Outer() : base("Outer")
                {
                    RegisterComponents();
                    this.apply(m => { if (m is Linear l) {|#0:nn.init.xavier_uniform_(l.weight!)|}; });
                }
            }
            """,
            Hg0001(0, "nn.init.xavier_uniform_", "the modules of 'Outer' that apply() visits, including hypernet head 'inner.head'"));

    [Fact]
    public Task Apply_loop_over_a_module_without_heads_is_not_reported() =>
        V.AnalyzerAsync(Usings + """
            public sealed class Mlp : nn.Module
            {
                readonly Linear a = nn.Linear(4, 4);
                public Mlp() : base("Mlp")
                {
                    RegisterComponents();
                    apply(m => { if (m is Linear l) nn.init.xavier_uniform_(l.weight!); });
                }
            }
            """);

    [Fact]
    public async Task FixAll_in_project_and_solution_fixes_every_document()
    {
        string Part(string name, string call) => Usings + "public sealed class " + name + " : nn.Module\n{\n    [HypernetHead(8, 4, Embedding = 2, Activation = Activation.Tanh)]\n    readonly Linear head = nn.Linear(2, 32);\n    public " + name + "() : base(\"" + name + "\")\n    {\n        RegisterComponents();\n        " + call + ";\n    }\n}\n";
        const string Fixed = "HyperInit.InitWeightHead(head.weight!, new long[] { 8, 4 }, HyperfanMode.In, Activation.Tanh, biasGenerated: true)";
        var test = new HyperGenTest<HypernetHeadAnalyzer, UseHyperfanInitCodeFix> { CodeActionEquivalenceKey = EquivalenceKeys.HyperfanIn };
        test.TestState.Sources.Add(("A.cs", Part("A", "{|#0:nn.init.xavier_uniform_(head.weight!)|}")));
        test.TestState.Sources.Add(("B.cs", Part("B", "{|#1:nn.init.kaiming_normal_(head.weight!)|}")));
        test.FixedState.Sources.Add(("A.cs", Part("A", Fixed)));
        test.FixedState.Sources.Add(("B.cs", Part("B", Fixed)));
        test.ExpectedDiagnostics.Add(Hg0001(0, "nn.init.xavier_uniform_", "hypernet head 'head' (generates the [8, 4] weight of a layer followed by Tanh)"));
        test.ExpectedDiagnostics.Add(Hg0001(1, "nn.init.kaiming_normal_", "hypernet head 'head' (generates the [8, 4] weight of a layer followed by Tanh)"));
        // Fix All in document, project and solution are all checked against the same fixed state.
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public Task No_fix_is_offered_when_the_inits_value_is_used_or_the_shape_is_unknown() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            Usings + """
            public sealed class Dynamic : nn.Module<Tensor, Tensor>
            {
                readonly Parameter e = new Parameter(torch.randn(8));
                readonly Linear head = nn.Linear(8, 12);
                readonly long rows = 3, columns = 4;
                [HypernetHead(3, 4)] readonly Linear marked = nn.Linear(8, 12);
                public Dynamic(long r) : base("Dynamic")
                {
                    RegisterComponents();
                    {|#0:nn.init.xavier_uniform_(head.weight!)|};
                    var t = {|#1:nn.init.xavier_uniform_(marked.weight!)|};
                }
                public override Tensor forward(Tensor x) => nn.functional.linear(x, head.forward(e).view(rows * 1, columns));
            }
            """,
            Usings + """
            public sealed class Dynamic : nn.Module<Tensor, Tensor>
            {
                readonly Parameter e = new Parameter(torch.randn(8));
                readonly Linear head = nn.Linear(8, 12);
                readonly long rows = 3, columns = 4;
                [HypernetHead(3, 4)] readonly Linear marked = nn.Linear(8, 12);
                public Dynamic(long r) : base("Dynamic")
                {
                    RegisterComponents();
                    nn.init.xavier_uniform_(head.weight!);
                    var t = nn.init.xavier_uniform_(marked.weight!);
                }
                public override Tensor forward(Tensor x) => nn.functional.linear(x, head.forward(e).view(rows * 1, columns));
            }
            """.Replace("nn.init.xavier_uniform_(head.weight!);", "{|#0:nn.init.xavier_uniform_(head.weight!)|};").Replace("var t = nn.init", "var t = {|#1:nn.init").Replace("(marked.weight!);", "(marked.weight!)|};"),
            EquivalenceKeys.HyperfanIn, generated: false,
            Hg0001(0, "nn.init.xavier_uniform_", "inferred hypernet head 'head' (generates the weight of a layer with no activation)"),
            Hg0001(1, "nn.init.xavier_uniform_", "hypernet head 'marked' (generates the [3, 4] weight of a layer with no activation)"));

    [Fact]
    public Task A_loop_over_the_chunked_form_reaches_its_shared_head() =>
        V.AnalyzerAsync(Usings + """
            [Hypernet(Embedding = 16, Chunk = 64)]
            [Linear(20, 10, Activation = Activation.ReLU)]
            [Linear(10, 2)]
            public partial class Chunked
            {
                public void Bad()
                {
                    foreach (var (name, p) in named_parameters())
                        if (p.dim() == 2 && !name.StartsWith("hidden")) {|#0:nn.init.xavier_uniform_(p)|};
                }
            }
            """, generated: true,
            Hg0001(0, "nn.init.xavier_uniform_", "the parameters of 'Chunked' from named_parameters(), including hypernet head weight 'head.weight'"));

    // ---- loops over a module's parameters or modules: the heads are looked up from the generator's spec

    const string LoopOverGenerated = Usings + """
        [Hypernet(Embedding = 16, Hidden = new[] { 8 }, Calibrate = false)]
        [Linear(20, 10, Activation = Activation.ReLU)]
        [Linear(10, 2)]
        public partial class Small { }

        public static class Training
        {
            public static void Setup(Small model)
            {
                LOOP
            }
        }
        """;

    static Task Loop(string loop, params DiagnosticResult[] expected) =>
        V.AnalyzerAsync(LoopOverGenerated.Replace("LOOP", loop), generated: true, expected);

    const string ParameterHead = "the parameters of 'Small' from named_parameters(), including hypernet head weight 'layer1WeightHead.weight'";

    [Theory]
    [InlineData("foreach (var (name, p) in model.named_parameters()) {|#0:nn.init.xavier_uniform_(p)|};")]
    [InlineData("foreach (var (name, p) in model.named_parameters()) if (p.dim() > 1) {|#0:nn.init.xavier_uniform_(p)|};")]
    [InlineData("foreach (var (name, p) in model.named_parameters()) { if (p.dim() < 2) continue; {|#0:nn.init.xavier_uniform_(p)|}; }")]
    [InlineData("foreach (var (name, p) in model.named_parameters()) if (name.EndsWith(\".weight\") && !name.StartsWith(\"hidden\")) {|#0:nn.init.xavier_uniform_(p)|};")]
    [InlineData("foreach (var (name, p) in model.named_parameters()) if (name is not \"embeddings\") {|#0:nn.init.xavier_uniform_(p)|};")]
    [InlineData("foreach (var pair in model.named_parameters()) if (pair.parameter.shape.Length == 2) {|#0:nn.init.xavier_uniform_(pair.parameter)|};")]
    public Task A_named_parameters_loop_that_reaches_head_weights_is_reported(string loop) =>
        Loop(loop, Hg0001(0, "nn.init.xavier_uniform_", ParameterHead));

    [Fact]
    public Task A_parameters_loop_is_reported_without_names() =>
        Loop("foreach (var p in model.parameters()) if (p.dim() >= 2) {|#0:nn.init.kaiming_normal_(p)|};",
            Hg0001(0, "nn.init.kaiming_normal_", "the parameters of 'Small' from parameters(), including hypernet head weight 'layer1WeightHead.weight'"));

    [Theory]
    [InlineData("foreach (var (name, m) in model.named_modules()) if (m is Linear l) {|#0:nn.init.kaiming_uniform_(l.weight!)|};", "named_modules")]
    [InlineData("foreach (var m in model.modules()) { var l = m as Linear; if (l is not null) {|#0:nn.init.kaiming_uniform_(l.weight!)|}; }", "modules")]
    [InlineData("foreach (var (name, m) in model.named_children()) if (m is Linear l && name.Contains(\"Head\")) {|#0:nn.init.kaiming_uniform_(l.weight!)|};", "named_children")]
    public Task A_module_loop_that_reaches_heads_is_reported(string loop, string method) =>
        Loop(loop, Hg0001(0, "nn.init.kaiming_uniform_", $"the modules of 'Small' from {method}(), including hypernet head 'layer1WeightHead'"));

    // Property patterns (C# 8+): the weight captured inside the pattern is the module's weight.
    [Theory]
    [InlineData("foreach (var (name, m) in model.named_modules()) if (m is Linear { weight: { } w }) {|#0:nn.init.kaiming_uniform_(w)|};", "named_modules")]
    [InlineData("foreach (var (name, m) in model.named_modules()) if (m is Linear { weight: var w }) {|#0:nn.init.kaiming_uniform_(w!)|};", "named_modules")]
    [InlineData("foreach (var m in model.modules()) switch (m) { case Linear { weight: Tensor w }: {|#0:nn.init.kaiming_uniform_(w)|}; break; }", "modules")]
    [InlineData("foreach (var m in model.modules()) if (m is Linear { weight: not null } l) {|#0:nn.init.kaiming_uniform_(l.weight!)|};", "modules")]
    public Task A_module_loop_with_a_property_pattern_that_reaches_heads_is_reported(string loop, string method) =>
        Loop(loop, Hg0001(0, "nn.init.kaiming_uniform_", $"the modules of 'Small' from {method}(), including hypernet head 'layer1WeightHead'"));

    [Fact]
    public Task Apply_with_a_property_pattern_is_reported() =>
        V.AnalyzerAsync(ApplyOverGenerated.Replace("APPLY", "model.apply(m => { if (m is Linear { weight: { } w }) {|#0:nn.init.xavier_uniform_(w)|}; });"), generated: true,
            Hg0001(0, "nn.init.xavier_uniform_", "the modules of 'Small' that apply() visits, including hypernet head 'layer1WeightHead'"));

    [Fact]
    public Task A_marked_head_captured_by_a_property_pattern_is_reported() =>
        V.AnalyzerAsync(MarkedHead.Replace("INIT", "if (fc1Head is { weight: { } w }) {|#0:nn.init.xavier_uniform_(w)|}"),
            Hg0001(0, "nn.init.xavier_uniform_", "hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"));

    [Theory]
    [InlineData("foreach (var (name, m) in model.named_modules()) if (m is Conv2d { weight: { } w }) nn.init.kaiming_uniform_(w);")]
    [InlineData("foreach (var (name, m) in model.named_modules()) if (m is Linear { in_features: 100, weight: { } w }) nn.init.kaiming_uniform_(w);")]
    [InlineData("foreach (var (name, m) in model.named_modules()) if (m is Linear { weight: { } w } && name == \"hidden1\") nn.init.kaiming_uniform_(w);")]
    public Task A_property_pattern_that_excludes_the_heads_or_cannot_be_read_is_not_reported(string loop) =>
        V.AnalyzerAsync(LoopOverGenerated.Replace("LOOP", loop), generated: true);

    [Theory]
    [InlineData("foreach (var (name, p) in model.named_parameters()) if (name.StartsWith(\"hidden\")) nn.init.xavier_uniform_(p);")]
    [InlineData("foreach (var (name, p) in model.named_parameters()) { if (name.Contains(\"Head\")) continue; if (p.dim() > 1) nn.init.xavier_uniform_(p); }")]
    [InlineData("foreach (var (name, p) in model.named_parameters()) if (!name.EndsWith(\"Head.weight\", System.StringComparison.OrdinalIgnoreCase) && p.dim() == 2) nn.init.xavier_uniform_(p);")]
    [InlineData("foreach (var p in model.parameters()) if (p.dim() == 1) nn.init.xavier_uniform_(p);")]
    [InlineData("foreach (var (name, p) in model.named_parameters(recurse: false)) nn.init.xavier_uniform_(p);")]
    [InlineData("foreach (var (name, m) in model.named_modules()) if (m is Conv2d c) nn.init.kaiming_uniform_(c.weight!);")]
    [InlineData("foreach (var (name, m) in model.named_modules()) if (m is Linear l && name == \"hidden1\") nn.init.kaiming_uniform_(l.weight!);")]
    [InlineData("foreach (var (name, p) in model.named_parameters()) if (Skip(name)) nn.init.xavier_uniform_(p);")]
    public Task A_loop_that_excludes_the_heads_or_cannot_be_read_is_not_reported(string loop) =>
        V.AnalyzerAsync(LoopOverGenerated.Replace("LOOP", loop).Replace("public static void Setup", "static bool Skip(string name) => name.Length > 3;\n    public static void Setup"), generated: true);

    [Fact]
    public Task A_loop_over_a_module_without_heads_is_not_reported() =>
        V.AnalyzerAsync(Usings + """
            public sealed class Mlp : nn.Module
            {
                readonly Linear a = nn.Linear(4, 4), b = nn.Linear(4, 2);
                public Mlp() : base("Mlp")
                {
                    RegisterComponents();
                    foreach (var (name, p) in named_parameters()) nn.init.xavier_uniform_(p);
                    foreach (var (name, m) in named_modules()) if (m is Linear l) nn.init.kaiming_normal_(l.weight!);
                }
            }
            """);

    [Fact]
    public Task A_loop_over_a_container_of_a_generated_hypernet_names_the_head_by_its_path() =>
        V.AnalyzerAsync(Usings + """
            [Hypernet(Embedding = 8)]
            [Linear(4, 2)]
            public partial class Tiny { }
            public sealed class Model : nn.Module
            {
                readonly Tiny hyper = new Tiny();
                readonly Linear readout = nn.Linear(2, 2);
                public Model() : base("Model")
                {
                    RegisterComponents();
                    foreach (var (name, p) in named_parameters())
                        if (!name.StartsWith("readout")) {|#0:nn.init.xavier_uniform_(p)|};
                }
            }
            """, generated: true,
            Hg0001(0, "nn.init.xavier_uniform_", "the parameters of 'Model' from named_parameters(), including hypernet head weight 'hyper.layer1WeightHead.weight'"));

    [Fact]
    public Task A_loop_over_any_generated_hypernet_typed_as_the_runtime_base_is_reported_unless_its_names_matter() =>
        V.AnalyzerAsync(Usings + """
            public static class Training
            {
                public static void Init(HypernetModule model)
                {
                    foreach (var p in model.parameters())
                        if (p.dim() > 1) {|#0:nn.init.xavier_uniform_(p)|};
                    foreach (var (name, p) in model.named_parameters())
                        if (name.StartsWith("hidden")) nn.init.xavier_uniform_(p);
                }
            }
            """,
            Hg0001(0, "nn.init.xavier_uniform_", "the parameters of 'HypernetModule' from parameters(), including a hypernet head"));

    [Fact]
    public Task A_loop_over_a_hand_written_hypernet_finds_its_marked_heads() =>
        V.AnalyzerAsync(Usings + """
            public sealed class Hand : nn.Module
            {
                [HypernetHead(5, 5, Embedding = 4)] readonly Linear head = nn.Linear(4, 25);
                readonly Linear other = nn.Linear(4, 4);
                public Hand() : base("Hand")
                {
                    RegisterComponents();
                    foreach (var (name, p) in named_parameters())
                        if (name.EndsWith("weight")) {|#0:nn.init.xavier_uniform_(p)|};
                    foreach (var (name, p) in named_parameters())
                        if (name.StartsWith("other")) nn.init.xavier_uniform_(p);
                }
            }
            """,
            Hg0001(0, "nn.init.xavier_uniform_", "the parameters of 'Hand' from named_parameters(), including hypernet head weight 'head.weight'"));

    [Fact]
    public Task Loop_fix_replaces_the_loop_with_ResetParameters_and_FixAll_fixes_both_inits_once() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            LoopOverGenerated.Replace("LOOP", "foreach (var (name, p) in model.named_parameters())\n        {\n            if (p.dim() < 2) continue;\n            {|#0:nn.init.xavier_uniform_(p)|};\n            {|#1:nn.init.kaiming_uniform_(p)|};\n        }"),
            LoopOverGenerated.Replace("LOOP", "model.ResetParameters(HyperfanMode.Out, calibrate: false);"),
            EquivalenceKeys.HyperfanOut, generated: true,
            Hg0001(0, "nn.init.xavier_uniform_", ParameterHead), Hg0001(1, "nn.init.kaiming_uniform_", ParameterHead));

    [Fact]
    public Task Loop_that_does_other_work_is_reported_without_a_fix() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            LoopOverGenerated.Replace("LOOP", "foreach (var (name, p) in model.named_parameters()) { System.Console.WriteLine(name); {|#0:nn.init.xavier_uniform_(p)|}; }"),
            LoopOverGenerated.Replace("LOOP", "foreach (var (name, p) in model.named_parameters()) { System.Console.WriteLine(name); {|#0:nn.init.xavier_uniform_(p)|}; }"),
            EquivalenceKeys.HyperfanIn, generated: true,
            Hg0001(0, "nn.init.xavier_uniform_", ParameterHead));

    // ---- fixes write the shortest spelling that binds (Simplifier), never global:: chains

    [Fact]
    public Task Fix_without_a_using_for_HyperGen_writes_qualified_but_not_global_names() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            MarkedHead.Replace("using HyperGen;\n", "").Replace("[HypernetHead(", "[HyperGen.HypernetHead(").Replace("Activation.ReLU)]", "HyperGen.Activation.ReLU)]")
                .Replace("INIT", "{|#0:nn.init.xavier_uniform_(fc1Head.weight!)|}"),
            MarkedHead.Replace("using HyperGen;\n", "").Replace("[HypernetHead(", "[HyperGen.HypernetHead(").Replace("Activation.ReLU)]", "HyperGen.Activation.ReLU)]")
                .Replace("INIT", "HyperGen.HyperInit.InitWeightHead(fc1Head.weight!, new long[] { 300, 784 }, HyperGen.HyperfanMode.In, HyperGen.Activation.ReLU, biasGenerated: true)"),
            EquivalenceKeys.HyperfanIn, generated: false,
            Hg0001(0, "nn.init.xavier_uniform_", "hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"));

    [Fact]
    public Task Fix_under_a_namespace_alias_uses_the_alias() =>
        V.FixAsync<UseHyperfanInitCodeFix>(
            MarkedHead.Replace("using HyperGen;\n", "using HG = HyperGen;\n").Replace("[HypernetHead(", "[HG.HypernetHead(").Replace("Activation.ReLU)]", "HG.Activation.ReLU)]")
                .Replace("INIT", "{|#0:nn.init.xavier_uniform_(fc1Head.weight!)|}"),
            MarkedHead.Replace("using HyperGen;\n", "using HG = HyperGen;\n").Replace("[HypernetHead(", "[HG.HypernetHead(").Replace("Activation.ReLU)]", "HG.Activation.ReLU)]")
                .Replace("INIT", "HG.HyperInit.InitWeightHead(fc1Head.weight!, new long[] { 300, 784 }, HG.HyperfanMode.In, HG.Activation.ReLU, biasGenerated: true)"),
            EquivalenceKeys.HyperfanIn, generated: false,
            Hg0001(0, "nn.init.xavier_uniform_", "hypernet head 'fc1Head' (generates the [300, 784] weight of a layer followed by ReLU)"));
}
