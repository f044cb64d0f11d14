using System;
using System.IO;
using System.Linq;
using HyperGen.Generated.Tests.Models;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests;

/// <summary>Nothing a user saved is lost or corrupted: bit-exact round trips, and loads that don't fit change nothing.</summary>
public sealed class CheckpointTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-ckpt-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_generated_module_round_trips_bit_exactly()
    {
        manual_seed(31);
        using var trained = new ChunkedMnist1();                    // parameters and the saved scales buffer
        using var fresh = new ChunkedMnist1();
        string path = Path.Combine(_dir, "model.ckpt");
        trained.Save(path);
        fresh.Load(path);
        new StateSnapshot(trained).AssertEqual(fresh);
        using var scope = NewDisposeScope();
        var x = randn(3, 784);
        Assert.True(trained.forward(x).equal(fresh.forward(x)).all().item<bool>());
        Assert.Single(Directory.GetFiles(_dir));                       // no temporary file left behind

        // TorchSharp's own loader reads the same file: the format is the standard one.
        using var viaTorchSharp = new ChunkedMnist1();
        viaTorchSharp.load(path);
        new StateSnapshot(trained).AssertEqual(viaTorchSharp);
    }

    [Fact]
    public void A_checkpoint_of_another_shape_fails_clearly_and_changes_nothing()
    {
        manual_seed(32);
        using var other = new HyperfanOutHypernet();
        using var model = new BiasFreeHypernet();
        string path = Path.Combine(_dir, "other.ckpt");
        other.Save(path);
        var before = new StateSnapshot(model);
        var e = Assert.Throws<ArgumentException>(() => model.Load(path));
        Assert.Contains("does not fit BiasFreeHypernet", e.Message);
        Assert.Contains("left unchanged", e.Message);
        before.AssertEqual(model);

        // Same names, different shapes: the message names the tensor and both shapes.
        using var narrow = new NarrowMnistHypernet();
        using var mnist = new MnistHypernet();
        string mnistPath = Path.Combine(_dir, "mnist.ckpt");
        mnist.Save(mnistPath);
        var narrowBefore = new StateSnapshot(narrow);
        e = Assert.Throws<ArgumentException>(() => narrow.Load(mnistPath));
        Assert.Contains("'layer1WeightHead.weight' is [235200, 100] in the file but [156800, 100] in the model", e.Message);
        narrowBefore.AssertEqual(narrow);
        // TorchSharp's own loader would have overwritten the tensors before the mismatch; ours did not.
    }

    [Fact]
    public void A_truncated_or_foreign_file_fails_clearly_and_changes_nothing()
    {
        manual_seed(33);
        using var model = new MnistHypernet();
        string path = Path.Combine(_dir, "full.ckpt");
        model.Save(path);
        string truncated = Path.Combine(_dir, "truncated.ckpt");
        File.WriteAllBytes(truncated, File.ReadAllBytes(path)[..5000]);
        string foreign = Path.Combine(_dir, "foreign.ckpt");
        File.WriteAllText(foreign, "this is not a checkpoint");

        using var target = new MnistHypernet();
        var before = new StateSnapshot(target);
        Assert.Throws<InvalidDataException>(() => target.Load(truncated));
        Assert.Throws<InvalidDataException>(() => target.Load(foreign));
        Assert.Throws<FileNotFoundException>(() => target.Load(Path.Combine(_dir, "missing.ckpt")));
        before.AssertEqual(target);
    }

    [Fact]
    public void Saving_over_an_existing_checkpoint_replaces_it_whole()
    {
        manual_seed(34);
        using var a = new BiasFreeHypernet();
        using var b = new BiasFreeHypernet();
        string path = Path.Combine(_dir, "m.ckpt");
        a.Save(path);
        b.Save(path);
        using var c = new BiasFreeHypernet();
        c.Load(path);
        new StateSnapshot(b).AssertEqual(c);
    }
}
