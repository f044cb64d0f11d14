using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HyperGen.Optim;
using HyperGen.Tests.Shared;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Checkpoints;

/// <summary>
/// How loads open files. They read from pipes too (<c>model.Load("/dev/stdin")</c>, a shell's <c>&lt;(zcat m.ckpt.gz)</c>): a load validates
/// the whole file before it reads a tensor, and a pipe cannot seek back. Before, both loads threw
/// NotSupportedException "Stream does not support seeking". A file that cannot be opened is named, with the model unchanged.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // named pipes as Linux has them
public sealed class CheckpointReadTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-ckpt-read-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A named pipe that a background writer fills with <paramref name="content"/> once a reader opens it.</summary>
    Task Pipe(string name, byte[] content, out string path)
    {
        string pipe = path = Path.Combine(_dir, name);
        var (exit, output) = ChildProcess.Run("mkfifo", _dir, TimeSpan.FromSeconds(30), [pipe]);
        Assert.True(exit == 0, output);
        return Task.Run(() =>
        {
            using var writer = new FileStream(pipe, FileMode.Open, FileAccess.Write);
            writer.Write(content);
        });
    }

    [Fact]
    public async Task A_checkpoint_and_an_optimiser_state_load_from_a_pipe()
    {
        manual_seed(23);
        using var source = new MixedModule();
        using var sourceOptimizer = new HyperAdam(source.parameters(), lr: 0.05);
        source.parameters().First().sum().backward();
        sourceOptimizer.step();
        string checkpoint = Path.Combine(_dir, "m.ckpt"), state = Path.Combine(_dir, "m.adam");
        source.Save(checkpoint);
        sourceOptimizer.Save(state);

        using var model = new MixedModule();
        var writing = Pipe("checkpoint.pipe", File.ReadAllBytes(checkpoint), out string checkpointPipe);
        model.Load(checkpointPipe);
        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(model.Matches(source.Snapshot()));

        using var optimizer = new HyperAdam(model.parameters());
        writing = Pipe("state.pipe", File.ReadAllBytes(state), out string statePipe);
        optimizer.Load(statePipe);
        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, optimizer.StepCount);
        Assert.Equal(0.05, optimizer.ParamGroups.Single().LearningRate);
    }

    [Fact]
    public void A_file_another_process_holds_exclusively_is_named_and_nothing_changes()
    {
        // .NET emulates exclusive sharing with advisory locks on Linux. Before: .NET's bare "The process cannot access the
        // file … because it is being used by another process", without saying whether the model had changed.
        manual_seed(24);
        using var source = new MixedModule();
        string path = Path.Combine(_dir, "held.ckpt");
        source.Save(path);
        using var model = new MixedModule();
        var before = model.Snapshot();

        using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var e = Assert.Throws<IOException>(() => model.Load(path));
            Assert.Contains($"Cannot read the checkpoint '{path}'", e.Message);
            Assert.Contains("The model was left unchanged", e.Message);
        }
        Assert.True(model.Matches(before));
    }
}
