using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using HyperGen.Generated.Tests.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests;

/// <summary>
/// A generated hypernet's parameter and buffer names are a file format. Fixtures/ holds checkpoints written by
/// the session-1 emitter (fields registered by name in the generated class) with an input and the output it gave;
/// today's code must load each one bit-exactly and compute the same output. HYPERGEN_WRITE_FIXTURES=1 rewrites them
/// (only ever wanted when the format changes on purpose).
/// </summary>
public sealed class CheckpointCompatibilityTests
{
    sealed record Case(Func<nn.Module> Create, Func<nn.Module, Tensor[], Tensor> Run, Func<Tensor[]> Inputs);

    static readonly Dictionary<string, Case> Cases = new()
    {
        ["FixturePlain"] = new(() => new FixturePlain(), (m, i) => ((FixturePlain)m).forward(i[0]), () => [randn(5, 3)]),
        ["FixtureConv"] = new(() => new FixtureConv(), (m, i) => ((FixtureConv)m).forward(i[0]), () => [randn(2, 1, 6, 6)]),
        ["FixtureTask"] = new(() => new FixtureTask(), (m, i) => ((FixtureTask)m).forward(i[0], 1), () => [randn(5, 3)]),
        ["FixtureInput"] = new(() => new FixtureInput(), (m, i) => ((FixtureInput)m).forward(i[0], i[1]), () => [randn(5, 3), randn(5, 2)]),
        ["FixtureNoise"] = new(() => new FixtureNoise(), (m, i) => FixtureNoise.Mainnet(i[0], ((FixtureNoise)m).GenerateWeights(i[1])), () => [randn(5, 1), randn(2)]),
        ["FixtureChunked"] = new(() => new FixtureChunked(), (m, i) => ((FixtureChunked)m).forward(i[0]), () => [randn(5, 3)]),
        ["FixtureCustom"] = new(() => new FixtureCustom(), (m, i) => ((FixtureCustom)m).forward(i[0], 1), () => [randn(5, 3)]),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    /// <summary>
    /// The fixtures are read from the test output (a CI build maps source paths to /_/, so the caller's file path
    /// does not exist there); rewriting them targets the source tree.
    /// </summary>
    static string FixtureDirectory(bool source = false, [CallerFilePath] string thisFile = "") =>
        Path.Combine(source ? Path.GetDirectoryName(thisFile)! : AppContext.BaseDirectory, "Fixtures");

    /// <summary>Names the fixtures lack because they were added after them: how the hypernet was initialised.</summary>
    static readonly string[] AddedSince = ["initRecord"];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_checkpoint_from_the_first_emitter_loads_bit_exactly_and_computes_the_same_output(string name)
    {
        var c = Cases[name];
        bool rewrite = Environment.GetEnvironmentVariable("HYPERGEN_WRITE_FIXTURES") == "1";
        string checkpoint = Path.Combine(FixtureDirectory(rewrite), name + ".ckpt"), io = Path.Combine(FixtureDirectory(rewrite), name + ".io");
        if (rewrite)
            Write(c, checkpoint, io);

        using var model = c.Create();
        model.Load(checkpoint);
        var saved = ReadEntries(checkpoint);
        var state = model.state_dict();
        Assert.Equal(saved.Keys.OrderBy(k => k, StringComparer.Ordinal), state.Keys.Except(AddedSince).OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (key, tensor) in saved)
            Assert.True(tensor.equal(state[key]).all().item<bool>(), $"{name}: '{key}' differs from the file");

        // The fixture does not say how its parameters were initialised, so the loaded model no longer claims its own init.
        Assert.Null(((IHypernet)model).Initialization);
        Assert.StartsWith("unknown init", ((IHypernet)model).InitReport().Init);

        var recorded = ReadTensors(io);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var output = c.Run(model, recorded[..^1]);
        Assert.True(output.equal(recorded[^1]).all().item<bool>(), $"{name}: the loaded model computes another output");
    }

    static void Write(Case c, string checkpoint, string io)
    {
        manual_seed(20251201);
        using var model = c.Create();
        var inputs = c.Inputs();
        Tensor output;
        using (no_grad())
            output = c.Run(model, inputs);
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        model.Save(checkpoint);
        using var writer = new BinaryWriter(File.Create(io));
        writer.Write(inputs.Length + 1);
        foreach (var t in inputs.Append(output))
            t.Save(writer);
    }

    static Tensor[] ReadTensors(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int count = reader.ReadInt32();
        return Enumerable.Range(0, count).Select(_ => TensorExtensionMethods.Load(reader)).ToArray();
    }

    static Dictionary<string, Tensor> ReadEntries(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        long count = reader.Read7BitEncodedInt64();
        var entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            string key = reader.ReadString();
            entries[key] = TensorExtensionMethods.Load(reader);
        }
        return entries;
    }
}
