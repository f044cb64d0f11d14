using System;
using System.Linq;
using System.Reflection;
using Xunit;
using Shared = HyperGen.Generators.Spec;

namespace HyperGen.Generators.Tests;

/// <summary>
/// Spec/Shared/*.cs is compiled into both the runtime and the netstandard2.0 generator (linked source, one file):
/// these tests pin that the two compiled copies agree, and that the runtime's attributes take their defaults from it.
/// </summary>
public class SharedSourceTests
{
    static readonly Assembly Runtime = typeof(HypernetAttribute).Assembly;

    [Theory]
    [InlineData(typeof(Shared.Activation), typeof(Activation))]
    [InlineData(typeof(Shared.HyperfanMode), typeof(HyperfanMode))]
    [InlineData(typeof(Shared.TensorRole), typeof(TensorRole))]
    [InlineData(typeof(Shared.HeadInit), typeof(HeadInit))]
    [InlineData(typeof(Shared.Conditioning), typeof(Conditioning))]
    [InlineData(typeof(Shared.HeadLayout), typeof(HeadLayout))]
    public void Each_shared_enum_has_the_same_names_and_values_in_both_assemblies(Type generator, Type runtime)
    {
        Assert.NotEqual(generator.Assembly, runtime.Assembly);
        Assert.True(runtime.IsPublic && !generator.IsPublic, "public in the runtime, internal in the generator");
        Assert.Equal(Enum.GetNames(runtime), Enum.GetNames(generator));
        Assert.Equal(Enum.GetValues(runtime).Cast<object>().Select(Convert.ToInt32), Enum.GetValues(generator).Cast<object>().Select(Convert.ToInt32));
    }

    [Fact]
    public void Every_shared_type_is_in_both_assemblies()
    {
        var generatorTypes = typeof(Shared.GainTable).Assembly.GetTypes()
            .Where(t => t.Namespace == "HyperGen.Generators.Spec" && !t.IsNested)
            .Select(t => t.Name).ToHashSet();
        foreach (var name in new[] { "Activation", "HyperfanMode", "TensorRole", "HeadInit", "Conditioning", "HeadLayout", "HypernetDefaults", "GainTable", "GeneratedNames" })
        {
            Assert.Contains(name, generatorTypes);
            Assert.NotNull(Runtime.GetType("HyperGen." + name));
        }
    }

    [Fact]
    public void The_runtime_attributes_default_to_the_shared_defaults()
    {
        var hypernet = new HypernetAttribute();
        Assert.Equal(Shared.HypernetDefaults.Embedding, hypernet.Embedding);
        Assert.Equal((int)Shared.HypernetDefaults.HiddenActivation, (int)hypernet.HiddenActivation);
        Assert.Equal((int)Shared.HypernetDefaults.Init, (int)hypernet.Init);
        Assert.Equal(Shared.HypernetDefaults.Calibrate, hypernet.Calibrate);
        Assert.Equal(Shared.HypernetDefaults.ConditionSecondMoment, hypernet.ConditionSecondMoment);
        var linear = new LinearAttribute(1, 1);
        Assert.Equal((int)Shared.HypernetDefaults.LayerActivation, (int)linear.Activation);
        Assert.Equal(Shared.HypernetDefaults.NegativeSlope, linear.NegativeSlope);
        Assert.Equal(Shared.HypernetDefaults.Bias, linear.Bias);
        var conv = new Conv2dAttribute(1, 1, 3);
        Assert.Equal(Shared.HypernetDefaults.ConvolutionStride, conv.Stride);
        Assert.Equal(Shared.HypernetDefaults.Padding, conv.Padding);
        var pool = new MaxPool2dAttribute(2);
        Assert.Equal(Shared.HypernetDefaults.PoolingStride, pool.Stride);
        Assert.Equal(Shared.HypernetDefaults.Padding, pool.Padding);
        var tensor = new GenerateTensorAttribute("W", 2, 2);
        Assert.Equal((int)Shared.HypernetDefaults.LayerActivation, (int)tensor.Activation);
        Assert.Equal(Shared.HypernetDefaults.NegativeSlope, tensor.NegativeSlope);
        Assert.Equal(Shared.HypernetDefaults.NegativeSlope, Gain.DefaultNegativeSlope);
        var head = new HypernetHeadAttribute(2, 2);
        Assert.Equal(Shared.HypernetDefaults.Bias, head.BiasGenerated);
    }

    [Fact]
    public void The_generator_computes_gains_and_targets_exactly_as_the_runtime()
    {
        foreach (Activation activation in Enum.GetValues<Activation>())
            foreach (double slope in new[] { 0.01, 0.2 })
            {
                double c = Gain.Squared(activation, slope);
                Assert.Equal(c, Shared.GainTable.Squared((Shared.Activation)activation, slope));
                foreach (HyperfanMode mode in Enum.GetValues<HyperfanMode>())
                    foreach (var (fanIn, fanOut) in new[] { (784L, 300L), (20L, 200L), (9L, 9L) })
                    {
                        var fans = new Fans(fanIn, fanOut);
                        foreach (bool bias in new[] { true, false })
                            Assert.Equal(HyperInit.WeightVariance(mode, fans, c, bias), Shared.GainTable.WeightVariance((Shared.HyperfanMode)mode, fanIn, fanOut, c, bias));
                        Assert.Equal(HyperInit.BiasVariance(mode, fans, c), Shared.GainTable.BiasVariance((Shared.HyperfanMode)mode, fanIn, fanOut, c));
                    }
            }
    }

    [Fact]
    public void The_name_contract_has_the_same_constants_and_lists_in_both_assemblies()
    {
        var runtime = Runtime.GetType("HyperGen.GeneratedNames", throwOnError: true)!;
        var generator = typeof(Shared.GeneratedNames);
        const BindingFlags statics = BindingFlags.Public | BindingFlags.Static;
        var runtimeFields = runtime.GetFields(statics).ToDictionary(f => f.Name, f => f.GetValue(null));
        var generatorFields = generator.GetFields(statics).ToDictionary(f => f.Name, f => f.GetValue(null));
        Assert.Equal(runtimeFields.Keys.OrderBy(k => k), generatorFields.Keys.OrderBy(k => k));
        foreach (var (name, value) in runtimeFields)
            Assert.Equal(value, generatorFields[name]);
        Assert.Equal("layer1WeightHead", runtime.GetMethod("HeadParameterName")!.Invoke(null, ["Layer1Weight"]));
        Assert.Equal("layer1WeightHead", Shared.GeneratedNames.HeadParameterName("Layer1Weight"));
        Assert.Equal("hidden2", Shared.GeneratedNames.Hidden(2));
    }
}
