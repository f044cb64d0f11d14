using System;
using System.Diagnostics;
using System.Linq;
using HyperGen.Samples.Data;
using HyperGen.Samples.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Samples.Training;

/// <summary>The optimisers the samples train with.</summary>
public enum OptimizerKind
{
    /// <summary>Adam with default betas (HyperGen's HyperAdam: TorchSharp's Adam math, fused and in place).</summary>
    Adam,
    /// <summary>Plain stochastic gradient descent (no momentum, no weight decay).</summary>
    Sgd,
}

/// <summary>One training run's settings.</summary>
/// <param name="Init">Head initialisation.</param>
/// <param name="Optimizer">Adam or SGD.</param>
/// <param name="LearningRate">Learning rate of that optimiser.</param>
/// <param name="Seed">Seeds the initialisation and the batch order (the same seed gives every init the same embeddings and batches).</param>
/// <param name="Steps">Optimiser steps; batches cycle through the training split, reshuffled every pass.</param>
/// <param name="BatchSize">Examples per step (at most the training split's size); the last partial batch of a pass is dropped.</param>
public sealed record RunSpec(InitChoice Init, OptimizerKind Optimizer, double LearningRate, int Seed, int Steps, int BatchSize)
{
    /// <summary>A file-name stem: <c>adam-hyperfan-in-lr3e-4-seed1</c>.</summary>
    public string Stem => $"{Optimizer.ToString().ToLowerInvariant()}-{Init.Name()}-lr{Rate(LearningRate)}-seed{Seed}";

    /// <summary>A learning rate as the file names and tables spell it: <c>3e-4</c>, <c>0.01</c> → <c>1e-2</c>.</summary>
    public static string Rate(double lr) => lr.ToString("0.###e0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Loss and accuracy over a whole split.</summary>
public readonly record struct Evaluation(double Loss, double Accuracy);

/// <summary>What one run produced.</summary>
/// <param name="Spec">The run's settings.</param>
/// <param name="Loss">Training loss per step (NaN/∞ ends the run: see <paramref name="DivergedAtStep"/>).</param>
/// <param name="Accuracy">Training-batch accuracy per step.</param>
/// <param name="Report">The init report right after initialisation, before any step.</param>
/// <param name="Train">Loss and accuracy on the whole training split after training.</param>
/// <param name="Validation">Loss and accuracy on the validation split after training (what learning rates are picked on).</param>
/// <param name="Test">Loss and accuracy on the test set after training.</param>
/// <param name="DivergedAtStep">The first step whose loss was not finite (the run stops there); 0 when every step's loss was finite.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record RunResult(RunSpec Spec, float[] Loss, float[] Accuracy, InitReport Report, Evaluation Train, Evaluation Validation, Evaluation Test,
    int DivergedAtStep, TimeSpan Elapsed)
{
    /// <summary>Whether the loss became NaN or infinite during training or at the final evaluation.</summary>
    public bool Diverged => DivergedAtStep > 0 || !double.IsFinite(Train.Loss) || !double.IsFinite(Validation.Loss);
}

/// <summary>Trains a generated hypernet on image classification (cross-entropy), one dispose scope per step.</summary>
public static class ImageTraining
{
    /// <summary>Runs <paramref name="spec"/> on a fresh model from <paramref name="create"/>.</summary>
    /// <param name="create">Builds the model (called outside any dispose scope).</param>
    /// <param name="imageShape">Per-example input shape of the mainnet (<c>[]</c>: flat pixels; <c>[1, 28, 28]</c>: images).</param>
    /// <param name="data">The data, already on <paramref name="device"/>.</param>
    /// <param name="spec">What to run.</param>
    /// <param name="device">Where to train.</param>
    /// <param name="log">Receives every step's loss and the final evaluations (e.g. TensorBoard); null: none.</param>
    /// <param name="progress">Called after every step with (step, total steps).</param>
    public static RunResult Run(Func<IComparableHypernet> create, long[] imageShape, ImageData data, RunSpec spec, Device device,
        IRunLog? log = null, Action<int, int>? progress = null)
    {
        HyperGen.Memory.NativeAllocator.Trim(); // return what the previous run freed: peak memory stays one run's
        var clock = Stopwatch.StartNew();
        manual_seed(spec.Seed);
        using var model = create();
        var module = (nn.Module)model;
        module.to(device);
        manual_seed(spec.Seed); // every init of one seed starts from the same embeddings and hidden layer
        model.Reset(spec.Init);
        var report = model.InitReport();

        var parameters = module.parameters().ToArray();
        using optim.Optimizer optimizer = spec.Optimizer == OptimizerKind.Adam
            ? new HyperGen.Optim.HyperAdam(parameters, lr: spec.LearningRate) // optim.Adam's math in one in-place pass
            : optim.SGD(parameters, learningRate: spec.LearningRate);
        using var shuffle = new Generator((ulong)spec.Seed);

        int total = spec.Steps;
        var losses = new float[total];
        var accuracies = new float[total];
        int step = 0, divergedAt = 0;
        int batch = (int)Math.Min(spec.BatchSize, data.Train.Count);
        long perPass = data.Train.Count / batch;
        while (step < total && divergedAt == 0)
        {
            using var order = data.Train.ShuffledIndices(shuffle);
            for (long b = 0; b < perPass && step < total; b++)
            {
                using var scope = NewDisposeScope();
                var indices = order.narrow(0, b * batch, batch);
                var x = data.Train.Batch(indices, imageShape);
                var y = data.Train.Labels.index_select(0, indices);
                optimizer.zero_grad();
                var logits = model.forward(x);
                var loss = nn.functional.cross_entropy(logits, y);
                float lossValue = loss.item<float>();
                losses[step] = lossValue;
                accuracies[step] = logits.argmax(1).eq(y).to(ScalarType.Float32).mean().item<float>();
                step++;
                log?.Step(step, lossValue, accuracies[step - 1]);
                if (!float.IsFinite(lossValue))
                {
                    divergedAt = step; // an overflowed loss poisons every parameter: stop here and say so
                    break;
                }
                loss.backward();
                optimizer.step();
                progress?.Invoke(step, total);
            }
        }
        if (divergedAt > 0)
        {
            Array.Resize(ref losses, step);
            Array.Resize(ref accuracies, step);
        }
        var train = Evaluate(model, data.Train, imageShape);
        var validation = Evaluate(model, data.Validation, imageShape);
        var test = Evaluate(model, data.Test, imageShape);
        log?.End(step, train, validation, test);
        return new RunResult(spec, losses, accuracies, report, train, validation, test, divergedAt, clock.Elapsed);
    }

    /// <summary>Mean cross-entropy and accuracy of <paramref name="model"/> over all of <paramref name="split"/>, without gradients.</summary>
    public static Evaluation Evaluate(IComparableHypernet model, ImageSplit split, long[] imageShape, int chunk = 10_000)
    {
        using var noGrad = no_grad();
        double lossSum = 0, correct = 0;
        long n = split.Count;
        for (long start = 0; start < n; start += chunk)
        {
            using var scope = NewDisposeScope();
            long size = Math.Min(chunk, n - start);
            var x = split.Images.narrow(0, start, size);
            if (imageShape.Length > 0)
                x = x.view([size, .. imageShape]);
            var y = split.Labels.narrow(0, start, size);
            var logits = model.forward(x);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).to(ScalarType.Float64).item<double>();
            correct += logits.argmax(1).eq(y).sum().to(ScalarType.Float64).item<double>();
        }
        return new Evaluation(lossSum / n, correct / n);
    }
}
