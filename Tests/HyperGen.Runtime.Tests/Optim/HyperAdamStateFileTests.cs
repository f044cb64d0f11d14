using System;
using System.IO;
using System.Linq;
using HyperGen.Optim;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Optim;

/// <summary>HyperAdam.Save / Load: exact resume, atomic writes, and files that do not fit change nothing.</summary>
public sealed class HyperAdamStateFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hyperadam-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static (nn.Module<Tensor, Tensor> Model, HyperAdam Optimizer) Fresh(long seed, bool amsgrad = false, int hidden = 50)
    {
        manual_seed(seed);
        var model = nn.Sequential(nn.Linear(20, hidden), nn.Tanh(), nn.Linear(hidden, 3));
        var ps = model.parameters().ToArray();
        var optimizer = new HyperAdam([new Adam.ParamGroup(ps.Take(2), lr: 1e-2), new Adam.ParamGroup(ps.Skip(2), lr: 3e-3, weight_decay: 0.01)],
            amsgrad: amsgrad);
        return (model, optimizer);
    }

    static void Train(nn.Module<Tensor, Tensor> model, HyperAdam optimizer, int steps, long seed)
    {
        manual_seed(seed);
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.mse_loss(model.forward(randn(16, 20)), randn(16, 3)).backward();
            optimizer.step();
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Saving_and_resuming_continues_bit_for_bit(bool amsgrad)
    {
        var (model, optimizer) = Fresh(1, amsgrad);
        Train(model, optimizer, 10, seed: 100);
        string path = Path.Combine(_dir, "adam.state");
        optimizer.Save(path);
        var weights = model.parameters().Select(p => p.detach().clone()).ToArray();
        Train(model, optimizer, 10, seed: 200);

        var (resumed, resumedOptimizer) = Fresh(2, amsgrad: !amsgrad); // other init, other AMSGrad flag: the file decides
        using (no_grad())
            foreach (var (p, w) in resumed.parameters().Zip(weights))
                p.copy_(w);
        resumedOptimizer.Load(path);
        Assert.Equal(10, resumedOptimizer.StepCount);
        Train(resumed, resumedOptimizer, 10, seed: 200);

        foreach (var (a, b) in model.parameters().Zip(resumed.parameters()))
            Assert.True(a.equal(b).all().item<bool>(), "a resumed run must continue exactly");
        Assert.Equal(new[] { 1e-2, 3e-3 }, resumedOptimizer.ParamGroups.Select(g => g.LearningRate));
    }

    [Fact]
    public void A_state_for_other_shapes_is_refused_naming_the_tensor_and_nothing_changes()
    {
        var (model, optimizer) = Fresh(1);
        Train(model, optimizer, 3, seed: 1);
        string path = Path.Combine(_dir, "adam.state");
        optimizer.Save(path);
        var (_, other) = Fresh(1, hidden: 40);
        Train(Fresh(1, hidden: 40).Model, other, 0, seed: 1);
        var before = Snapshot(other);

        var e = Assert.Throws<ArgumentException>(() => other.Load(path));

        Assert.Contains("parameter 0's exp_avg is [50, 20] in the file but the parameter is [40, 20]", e.Message);
        Assert.Contains("left unchanged", e.Message);
        AssertUnchanged(before, other);
    }

    [Fact]
    public void Truncated_garbage_and_padded_files_are_refused_and_nothing_changes()
    {
        var (model, optimizer) = Fresh(1);
        Train(model, optimizer, 3, seed: 1);
        string path = Path.Combine(_dir, "adam.state");
        optimizer.Save(path);
        byte[] good = File.ReadAllBytes(path);
        var (_, target) = Fresh(3);
        var before = Snapshot(target);

        File.WriteAllBytes(path, good[..(good.Length / 2)]);
        Assert.Contains("ends early", Assert.Throws<InvalidDataException>(() => target.Load(path)).Message);
        File.WriteAllBytes(path, [.. good, 0]);
        Assert.Contains("1 unexpected byte(s)", Assert.Throws<InvalidDataException>(() => target.Load(path)).Message);
        File.WriteAllBytes(path, new byte[100]);
        Assert.Contains("no HGADAM header", Assert.Throws<InvalidDataException>(() => target.Load(path)).Message);
        Assert.Throws<FileNotFoundException>(() => target.Load(Path.Combine(_dir, "missing")));
        AssertUnchanged(before, target);
    }

    [Fact]
    public void A_thousand_mutated_files_load_or_fail_cleanly_and_a_failure_changes_nothing()
    {
        var (model, optimizer) = Fresh(1, amsgrad: true);
        Train(model, optimizer, 2, seed: 1);
        string path = Path.Combine(_dir, "adam.state");
        optimizer.Save(path);
        byte[] good = File.ReadAllBytes(path);
        var random = new Random(7);
        // Offsets in the header and first tensor headers matter most; data bytes only change values.
        int headerEnd = System.Math.Min(good.Length, 400);
        var (_, target) = Fresh(3, amsgrad: true);
        int refused = 0;
        for (int i = 0; i < 1000; i++)
        {
            byte[] bytes = (byte[])good.Clone();
            switch (i % 3)
            {
                case 0: bytes[random.Next(headerEnd)] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes = bytes[..random.Next(bytes.Length)]; break;
                default: random.NextBytes(bytes.AsSpan(random.Next(headerEnd), 8)); break;
            }
            File.WriteAllBytes(path, bytes);
            var before = Snapshot(target);
            try
            {
                target.Load(path);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException)
            {
                refused++;
                AssertUnchanged(before, target);
            }
        }
        Assert.InRange(refused, 300, 999); // most mutations break the structure; some only change a value and load
    }

    [Fact]
    public void A_failed_save_keeps_the_previous_file_and_names_the_path()
    {
        var (model, optimizer) = Fresh(1);
        Train(model, optimizer, 2, seed: 1);
        string path = Path.Combine(_dir, "adam.state");
        optimizer.Save(path);
        byte[] previous = File.ReadAllBytes(path);
        string bad = Path.Combine(_dir, "no-such-dir", "adam.state");

        var e = Assert.ThrowsAny<IOException>(() => optimizer.Save(bad));  // DirectoryNotFoundException (AtomicFile)

        Assert.Contains(bad, e.Message);
        Assert.Equal(previous, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(_dir)); // no temporary left behind
    }

    static Tensor[] Snapshot(HyperAdam optimizer) =>
        optimizer.state_dict().State.Cast<HyperAdam.State>()
            .SelectMany(s => new[] { s.exp_avg.clone(), s.exp_avg_sq.clone(), tensor(s.step) }).ToArray();

    static void AssertUnchanged(Tensor[] before, HyperAdam optimizer)
    {
        var after = Snapshot(optimizer);
        Assert.Equal(before.Length, after.Length);
        foreach (var (a, b) in before.Zip(after))
            Assert.True(a.bytes.SequenceEqual(b.bytes), "a refused load must change nothing"); // bytes: a loaded NaN equals itself
    }
}
