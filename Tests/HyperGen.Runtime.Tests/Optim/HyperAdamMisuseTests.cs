using System;
using System.IO;
using System.Linq;
using HyperGen.Optim;
using HyperGen.Tests.Shared;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Optim;

/// <summary>
/// HyperAdam used the ways it should not be: a step that cannot be taken says why and changes nothing (no moment,
/// step count or parameter moved), and a disposed optimiser never writes a state file over a good one.
/// </summary>
public sealed class HyperAdamMisuseTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-adam-misuse-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_sparse_gradient_is_refused_before_any_parameter_or_moment_changes()
    {
        manual_seed(41);
        using var dense = nn.Linear(3, 3);
        using var embedding = nn.Embedding(10, 3, sparse: true);
        using var optimizer = new HyperAdam(dense.parameters().Concat(embedding.parameters()), lr: 0.1);
        dense.forward(embedding.forward(tensor(new long[] { 1, 2 }))).sum().backward();
        var before = dense.parameters().Concat(embedding.parameters()).Select(p => p.detach().clone()).ToArray();

        // Before: libtorch's "Could not run 'aten::addcmul_' with arguments from the 'SparseCPU' backend", after the dense
        // layer had stepped and the embedding's exp_avg and step count had changed.
        var e = Assert.Throws<NotSupportedException>(() => optimizer.step());
        Assert.Contains("Parameter 2", e.Message);
        Assert.Contains("[10, 3]", e.Message);
        Assert.Contains("sparse: false", e.Message);

        Assert.Equal(0, optimizer.StepCount);
        var states = optimizer.state_dict().State.Cast<HyperAdam.State>().ToArray();
        Assert.All(states, s => Assert.Equal(0f, s.exp_avg.abs().sum().item<float>()));
        var after = dense.parameters().Concat(embedding.parameters()).ToArray();
        for (int i = 0; i < before.Length; i++)
            Assert.True(before[i].equal(after[i]).all().item<bool>(), $"parameter {i} moved");
    }

    [Fact]
    public void A_model_moved_to_another_dtype_after_the_optimiser_is_named_as_the_cause()
    {
        using var model = nn.Linear(3, 2);
        using var optimizer = new HyperAdam(model.parameters());
        model.to(float64); // TorchSharp replaces the parameters and disposes the ones the optimiser holds
        model.forward(ones(1, 3, float64)).sum().backward();

        // Before: InvalidOperationException "Tensor invalid -- empty handle", and the model silently not trained.
        var e = Assert.Throws<ObjectDisposedException>(() => optimizer.step());
        Assert.Contains("Parameter 0", e.Message);
        Assert.Contains("build the optimiser after moving the model", e.Message);
    }

    [Fact]
    public void A_disposed_optimiser_says_so_and_never_overwrites_a_saved_state()
    {
        var w = new Parameter(randn(4));
        var optimizer = new HyperAdam([w], lr: 0.1);
        w.sum().backward();
        optimizer.step();
        string path = Path.Combine(_dir, "good.adam");
        optimizer.Save(path);
        byte[] saved = File.ReadAllBytes(path);
        optimizer.Dispose();

        // Before: Save wrote a 70-byte file with no moments over the good one; step failed with "empty handle".
        var e = Assert.Throws<ObjectDisposedException>(() => optimizer.Save(path));
        Assert.Contains("HyperAdam was disposed", e.Message);
        Assert.Equal(saved, File.ReadAllBytes(path));
        Assert.Throws<ObjectDisposedException>(() => optimizer.step());
        Assert.Throws<ObjectDisposedException>(() => optimizer.zero_grad());
        Assert.Throws<ObjectDisposedException>(() => optimizer.Load(path));
        optimizer.Dispose(); // twice is harmless
    }

    [Fact]
    public void Loading_state_from_a_folder_says_it_is_a_folder()
    {
        using var optimizer = new HyperAdam([new Parameter(ones(3))]);
        var e = Assert.Throws<IOException>(() => optimizer.Load(_dir));
        Assert.Contains($"'{_dir}': that is a folder", e.Message);
        Assert.Contains("left unchanged", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Complex_parameters_step_as_their_real_and_imaginary_parts_as_in_PyTorch(bool amsgrad)
    {
        // PyTorch's Adam views a complex parameter as real pairs (view_as_real), so the second moment is |g|² per part.
        // Before: the fallback squared the complex gradient (g·g, not its magnitude), 0.05 off the PyTorch result after
        // five steps — silently; TorchSharp's own Adam is off too, so the reference is Adam on the real view.
        manual_seed(42);
        var complexParam = new Parameter(randn(6, dtype: complex64));
        var realParam = new Parameter(view_as_real(complexParam.detach()).clone());
        var initial = realParam.detach().clone();
        using var subject = new HyperAdam([complexParam], lr: 0.05, weight_decay: 0.01, amsgrad: amsgrad);
        using var reference = optim.Adam([realParam], lr: 0.05, weight_decay: 0.01, amsgrad: amsgrad);
        var target = randn(6, dtype: complex64);

        for (int step = 0; step < 20; step++)
        {
            subject.zero_grad();
            Loss(complexParam).backward();
            subject.step();
            reference.zero_grad();
            Loss(view_as_complex(realParam)).backward();
            reference.step();
        }

        double worst = (view_as_real(complexParam.detach()) - realParam.detach()).abs().max().item<float>();
        Assert.True(worst <= 1e-6, $"max |Δ| = {worst:E3}");
        double moved = (realParam.detach() - initial).abs().max().item<float>();
        Assert.True(moved > 1e-3, "the comparison is not vacuous");

        Tensor Loss(Tensor z) => (z - target).abs().square().sum();
    }

    [Fact]
    public void TorchSharps_stream_format_never_builds_a_tensor_from_the_files_header()
    {
        // load_state_dict (TorchSharp's stream format, inherited) read an AMSGrad maximum the optimiser did not have yet
        // through TorchSharp's LoadConditionalStateTensor, which allocates whatever element type and shape the stream
        // names: a sub-byte type (16, QUInt4x2) over a million elements overran the heap (measured: exit 134,
        // AccessViolationException). Now it is read in place into a tensor of exp_avg_sq's type and shape.
        var w = new Parameter(ones(3));
        using (var source = new HyperAdam([w], amsgrad: true))
        {
            w.sum().backward();
            source.step();
            source.save_state_dict(Path.Combine(_dir, "valid.state"));
        }
        var bytes = File.ReadAllBytes(Path.Combine(_dir, "valid.state"));
        // The stream ends with the maximum: present (1), Float32 (6), rank 1, [3], 12 bytes of data.
        Assert.Equal(new byte[] { 1, 6, 1, 3 }, bytes[^16..^12]);
        byte[] hostile = [.. bytes[..^15], 16, 1, 0xC0, 0x84, 0x3D, .. new byte[1_000_000]]; // QUInt4x2, [1000000]
        string path = Path.Combine(_dir, "hostile.state");
        File.WriteAllBytes(path, hostile);

        var (exit, output) = ChildProcess.Run(ChildProcess.DotnetHost, _dir, TimeSpan.FromMinutes(2),
            ["exec", typeof(StreamLoadChild).Assembly.Location, StreamLoadChild.Mode, path]);

        Assert.True(exit == 0, $"the child died (exit {exit}):\n{output}");
        Assert.Contains("OUTCOME\tArgumentException\tMismatched tensor data types", output);
    }

    [Fact]
    public void A_state_dict_that_does_not_fit_is_refused_whole_and_names_the_difference()
    {
        // TorchSharp's load_state_dict copies options and states one by one and stops at the first mismatch: before,
        // parameter 0's moments, step count and the learning rate were already replaced when parameter 1 failed with
        // "The source state is [4]; this parameter is [5]" (which parameter?), and an SGD state threw NullReferenceException.
        var a = new Parameter(ones(3));
        var b = new Parameter(ones(4));
        using var adam = optim.Adam([a, b], lr: 0.5);
        (a.sum() + b.sum()).backward();
        adam.step();
        var x = new Parameter(ones(3));
        var y = new Parameter(ones(5));
        using var optimizer = new HyperAdam([x, y], lr: 1e-3);

        var e = Assert.Throws<ArgumentException>(() => optimizer.load_state_dict(adam.state_dict()));
        Assert.Contains("parameter 1 is [4] in the state but [5] here", e.Message);
        Assert.Contains("Nothing was changed", e.Message);
        var states = optimizer.state_dict().State.Cast<HyperAdam.State>().ToArray();
        Assert.All(states, s => Assert.Equal(0, s.step));
        Assert.Equal(0f, states[0].exp_avg.abs().sum().item<float>());
        Assert.Equal(1e-3, optimizer.ParamGroups.Single().LearningRate);

        var c = new Parameter(ones(3));
        using var sgd = optim.SGD([c], 0.1);
        using var single = new HyperAdam([new Parameter(ones(3))]);
        e = Assert.Throws<ArgumentException>(() => single.load_state_dict(sgd.state_dict()));
        Assert.Contains("parameter group 0 has SGD.Options, not Adam.Options", e.Message);

        // A state that fits still loads, from TorchSharp's Adam as from HyperAdam.
        using var fits = new HyperAdam([new Parameter(ones(3)), new Parameter(ones(4))]);
        fits.load_state_dict(adam.state_dict());
        Assert.Equal(1, fits.StepCount);
        Assert.Equal(0.5, fits.ParamGroups.Single().LearningRate);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-0.01)]
    [InlineData(double.PositiveInfinity)]
    public void A_learning_rate_set_out_of_range_after_construction_stops_the_step_before_it_changes_anything(double lr)
    {
        // The constructor checks lr, but a scheduler or ParamGroups can set it later. Before, a NaN learning rate turned
        // every parameter into NaN silently; a negative one ascended the loss.
        var w = new Parameter(randn(5));
        var before = w.detach().clone();
        using var optimizer = new HyperAdam([w], lr: 0.01);
        w.sum().backward();
        optimizer.ParamGroups.Single().LearningRate = lr;

        var e = Assert.Throws<InvalidOperationException>(() => optimizer.step());
        Assert.Contains("lr (parameter group 0) must be a finite number ≥ 0; got " + lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Assert.Contains("nothing was updated", e.Message);
        Assert.True(w.equal(before).all().item<bool>());
        Assert.Equal(0, optimizer.StepCount);
    }
}
