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
/// Loads read from pipes too (<c>model.Load("/dev/stdin")</c>, a shell's <c>&lt;(zcat m.ckpt.gz)</c>): a load validates
/// the whole file before it reads a tensor, and a pipe cannot seek back. Before, both loads threw
/// NotSupportedException "Stream does not support seeking".
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // named pipes as Linux has them
public sealed class CheckpointPipeTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-ckpt-pipe-").FullName;
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
}
