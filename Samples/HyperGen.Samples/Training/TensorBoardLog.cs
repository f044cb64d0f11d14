using System;
using System.IO;
using TorchSharp.Modules;
using static TorchSharp.torch.utils.tensorboard;

namespace HyperGen.Samples.Training;

/// <summary>Receives a training run's per-step numbers and its final evaluations.</summary>
public interface IRunLog
{
    /// <summary>After step <paramref name="step"/> (1-based): the batch's loss and accuracy.</summary>
    void Step(int step, float loss, float accuracy);

    /// <summary>After the last step: loss and accuracy on the training, validation and test splits.</summary>
    void End(int step, Evaluation train, Evaluation validation, Evaluation test);
}

/// <summary>
/// TensorBoard event files through TorchSharp's own <c>torch.utils.tensorboard.SummaryWriter</c>: one folder per run
/// under the --tensorboard folder, so TensorBoard lists every init × optimiser × learning rate × seed as its own run.
/// </summary>
public sealed class TensorBoardLog : IRunLog
{
    readonly SummaryWriter _writer;

    TensorBoardLog(string folder) => _writer = SummaryWriter(folder);

    /// <summary>The run's folder (holds one <c>events.out.tfevents.*</c> file).</summary>
    public string Folder => _writer.LogDir;

    /// <summary>A log for run <paramref name="run"/> under <paramref name="root"/>; null when <paramref name="root"/> is null (no TensorBoard output asked for).</summary>
    public static TensorBoardLog? For(string? root, string run) => root is null ? null : new TensorBoardLog(Path.Combine(root, run));

    /// <summary>Adds one scalar at <paramref name="step"/>.</summary>
    public void Scalar(string tag, double value, int step) =>
        // TorchSharp 0.107's SummaryWriter records walltime 0 unless given one: pass the Unix time in seconds, as TensorBoard reads it.
        _writer.add_scalar(tag, (float)value, step, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    /// <inheritdoc />
    public void Step(int step, float loss, float accuracy)
    {
        Scalar("train/batch_loss", loss, step);
        Scalar("train/batch_accuracy", accuracy, step);
    }

    /// <inheritdoc />
    public void End(int step, Evaluation train, Evaluation validation, Evaluation test)
    {
        Scalar("final/train_loss", train.Loss, step);
        Scalar("final/train_accuracy", train.Accuracy, step);
        Scalar("final/validation_loss", validation.Loss, step);
        Scalar("final/validation_accuracy", validation.Accuracy, step);
        Scalar("final/test_loss", test.Loss, step);
        Scalar("final/test_accuracy", test.Accuracy, step);
    }
}
