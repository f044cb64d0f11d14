using System.Threading.Tasks;
using HyperGen.Analyzers.Tests.Infrastructure;
using HyperGen.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using V = HyperGen.Analyzers.Tests.Infrastructure.Verify<HyperGen.Analyzers.Init.NaiveResetParametersAnalyzer>;

namespace HyperGen.Analyzers.Tests.Rules;

public class HG0002_NaiveResetParametersTests
{
    const string Model = """
        using HyperGen;

        [Hypernet(Embedding = 8)]
        [Linear(4, 2)]
        public partial class Tiny { }

        """;

    static DiagnosticResult Hg0002(int location, string init) =>
        V.Diagnostic(DiagnosticIds.NaiveResetParameters).WithLocation(location).WithArguments(init, "Tiny");

    [Theory]
    [InlineData("Xavier")]
    [InlineData("Kaiming")]
    public Task Naive_reset_outside_a_comparison_is_reported(string init) =>
        V.AnalyzerAsync(Model + $$"""
            public static class Setup
            {
                public static Tiny Make()
                {
                    var model = new Tiny();
                    model.ResetParameters({|#0:HeadInit.{{init}}|});
                    return model;
                }
            }
            """, generated: true, Hg0002(0, init));

    [Theory]
    [InlineData("public static void CompareInits(Tiny model) { model.ResetParameters(HeadInit.Xavier); }")]
    [InlineData("public static void Run(Tiny model) { foreach (var init in new[] { HeadInit.Hyperfan, HeadInit.Xavier }) { model.ResetParameters(HeadInit.Kaiming); model.ResetParameters(init); } }")]
    [InlineData("public static void Run(Tiny model, HeadInit init) { switch (init) { case HeadInit.Xavier: model.ResetParameters(HeadInit.Xavier); break; } }")]
    [InlineData("public static void Run(Tiny model, HeadInit init) { if (init == HeadInit.Kaiming) model.ResetParameters(HeadInit.Kaiming); }")]
    [InlineData("public static void Run(Tiny model) { model.ResetParameters(HeadInit.Hyperfan); model.ResetParameters(); }")]
    [InlineData("[System.Obsolete] public static void BaselineRun(Tiny model) => model.ResetParameters(HeadInit.Xavier);")]
    public Task Comparisons_and_hyperfan_are_not_reported(string method) =>
        V.AnalyzerAsync(Model + "public static class Experiments { " + method + " }", generated: true);

    [Fact]
    public Task Naive_reset_in_a_class_named_for_benchmarks_is_not_reported() =>
        V.AnalyzerAsync(Model + "public static class InitBenchmarks { public static void Run(Tiny m) => m.ResetParameters(HeadInit.Xavier); }", generated: true);

    const string FixSource = Model + """
        public static class Setup
        {
            public static void Run(Tiny a, Tiny b)
            {
                a.ResetParameters(INIT_A);
                b.ResetParameters(INIT_B);
            }
        }
        """;

    [Fact]
    public Task Fix_switches_to_hyperfan_in_and_FixAll_fixes_both() =>
        V.FixAsync<UseHyperfanResetCodeFix>(
            FixSource.Replace("INIT_A", "{|#0:HeadInit.Xavier|}").Replace("INIT_B", "{|#1:HeadInit.Kaiming|}"),
            FixSource.Replace("INIT_A", "HyperfanMode.In, calibrate: true").Replace("INIT_B", "HyperfanMode.In, calibrate: true"),
            EquivalenceKeys.HyperfanIn, generated: true, Hg0002(0, "Xavier"), Hg0002(1, "Kaiming"));

    [Fact]
    public Task Fix_switches_to_hyperfan_out() =>
        V.FixAsync<UseHyperfanResetCodeFix>(
            FixSource.Replace("INIT_A", "{|#0:HeadInit.Xavier|}").Replace("INIT_B", "HeadInit.Hyperfan"),
            FixSource.Replace("INIT_A", "HyperfanMode.Out, calibrate: true").Replace("INIT_B", "HeadInit.Hyperfan"),
            EquivalenceKeys.HyperfanOut, generated: true, Hg0002(0, "Xavier"));
}
