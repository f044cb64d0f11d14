using System;
using System.IO;
using System.Linq;
using HyperGen.Generated.Tests.Models;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests;

/// <summary>A hypernet with a tensor field of its own next to the generated ones (registered by RegisterComponents).</summary>
[Hypernet(Embedding = 8, Hidden = new[] { 16 })]
[Linear(6, 5, Activation = Activation.ReLU)]
[Linear(5, 3)]
public partial class TemperatureHypernet
{
#pragma warning disable IDE0044, CS0414 // registered by field name, read through the module's parameters
    Parameter temperature = new(ones(1));
#pragma warning restore IDE0044, CS0414
}

/// <summary>
/// A hypernet's lifetime: built inside a dispose scope it lives on after the scope (TorchSharp registers every new
/// tensor with the innermost scope); disposed, every use says so instead of failing in libtorch or saving nothing.
/// </summary>
public sealed class LifetimeTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-life-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Forms => new() { nameof(MnistHypernet), nameof(TaskHypernet), nameof(PerSampleMlpHypernet), nameof(BayesHypernet), nameof(ChunkedMnist1), nameof(TemperatureHypernet) };

    static nn.Module Build(string form) => form switch
    {
        nameof(MnistHypernet) => new MnistHypernet(),
        nameof(TaskHypernet) => new TaskHypernet(),
        nameof(PerSampleMlpHypernet) => new PerSampleMlpHypernet(),
        nameof(BayesHypernet) => new BayesHypernet(),
        nameof(ChunkedMnist1) => new ChunkedMnist1(),
        nameof(TemperatureHypernet) => new TemperatureHypernet(),
        _ => throw new ArgumentOutOfRangeException(nameof(form)),
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void A_hypernet_built_inside_a_dispose_scope_outlives_it_whole(string form)
    {
        manual_seed(71);
        using var reference = Build(form);
        var names = reference.state_dict().Keys.ToArray();

        nn.Module model;
        using (NewDisposeScope())
            model = Build(form);
        using var _ = model;

        // Before the fix the embeddings, the init record (and a user's own tensor field) died with the scope, and
        // state_dict skipped them silently: a save wrote a checkpoint without them.
        Assert.Equal(names, model.state_dict().Keys.ToArray());
        Assert.All(model.state_dict().Values, t => Assert.False(t.IsInvalid));
        Assert.NotNull(((IHypernet)model).Initialization);
        Assert.Equal(reference.parameters().Count(), model.parameters().Count());

        string path = Path.Combine(_dir, "scoped.ckpt");
        model.Save(path);
        using var fresh = Build(form);
        fresh.Load(path);
        new StateSnapshot(model).AssertEqual(fresh);
    }

    [Fact]
    public void A_hypernet_built_inside_a_dispose_scope_trains()
    {
        manual_seed(72);
        MnistHypernet model;
        using (NewDisposeScope())
            model = new MnistHypernet();
        using var _ = model;
        using var scope = NewDisposeScope();
        model.forward(randn(4, 784)).sum().backward();
        Assert.NotNull(model.get_parameter("embeddings")!.grad);
    }

    [Fact]
    public void A_disposed_hypernet_says_so_and_never_overwrites_a_saved_checkpoint()
    {
        manual_seed(73);
        var model = new MnistHypernet();
        string path = Path.Combine(_dir, "good.ckpt");
        model.Save(path);
        byte[] saved = File.ReadAllBytes(path);
        model.Dispose();

        // Before: Save wrote an empty checkpoint over the good one (a disposed module's state dict is empty), and
        // every other use failed in libtorch with "Tensor invalid -- empty handle".
        var e = Assert.Throws<ObjectDisposedException>(() => model.Save(path));
        Assert.Contains("MnistHypernet was disposed", e.Message);
        Assert.Equal(saved, File.ReadAllBytes(path));
        Assert.Throws<ObjectDisposedException>(() => model.Load(path));
        Assert.Throws<ObjectDisposedException>(() => model.forward(zeros(1, 784)));
        Assert.Throws<ObjectDisposedException>(() => model.GenerateWeights());
        Assert.Throws<ObjectDisposedException>(() => model.InitReport());
        Assert.Throws<ObjectDisposedException>(() => model.Initialization);
        Assert.Throws<ObjectDisposedException>(() => model.ResetParameters());

        // Inside a container too: the container's save would have lost the hypernet's tensors.
        var inner = new BiasFreeHypernet();
        using var container = nn.Sequential(("hypernet", inner));
        string containerPath = Path.Combine(_dir, "container.ckpt");
        container.Save(containerPath);
        saved = File.ReadAllBytes(containerPath);
        inner.Dispose();
        Assert.Throws<ObjectDisposedException>(() => container.Save(containerPath));
        Assert.Equal(saved, File.ReadAllBytes(containerPath));
    }

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        var model = new BiasFreeHypernet();
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.InitReport());
    }
}
