using HyperGen;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests.Models;

// Tiny models of every form whose checkpoints, written by the session-1 emitter (before the runtime base
// existed), live in Fixtures/. CheckpointCompatibilityTests loads them into today's generated code: the
// parameter and buffer names of a generated hypernet are a file format and must never change.

/// <summary>Plain, two hidden layers.</summary>
[Hypernet(Embedding = 4, Hidden = new[] { 5, 6 })]
[Linear(3, 4, Activation = Activation.ReLU)]
[Linear(4, 2)]
public partial class FixturePlain { }

/// <summary>Convolution, pooling, a bias-free linear layer and user layer names.</summary>
[Hypernet(Embedding = 3, Input = new[] { 1, 6, 6 })]
[Conv2d(1, 2, 3, Activation = Activation.ReLU, Name = "Features")] [MaxPool2d(2)]
[Flatten] [Linear(8, 2, Bias = false, Name = "readout")]
public partial class FixtureConv { }

/// <summary>Task-conditioned with its own condition width.</summary>
[Hypernet(Embedding = 4, Conditions = 3, ConditionEmbedding = 2, Hidden = new[] { 5 })]
[Linear(3, 4, Activation = Activation.ReLU)]
[Linear(4, 2)]
public partial class FixtureTask { }

/// <summary>Input-conditioned.</summary>
[Hypernet(Embedding = 3, ConditionSize = 2)]
[Linear(3, 4, Activation = Activation.ReLU)]
[Linear(4, 2)]
public partial class FixtureInput { }

/// <summary>Noise-conditioned.</summary>
[Hypernet(Embedding = 3, Noise = 2, Hidden = new[] { 4 })]
[Linear(1, 5, Activation = Activation.Tanh)]
[Linear(5, 1)]
public partial class FixtureNoise { }

/// <summary>Chunked: 26 generated elements in chunks of 7.</summary>
[Hypernet(Embedding = 4, Hidden = new[] { 5 }, Chunk = 7)]
[Linear(3, 4, Activation = Activation.ReLU)]
[Linear(4, 2)]
public partial class FixtureChunked { }

/// <summary>Custom forward, task-conditioned.</summary>
[Hypernet(Embedding = 3, Conditions = 2)]
[GenerateTensor("W1", 4, 3, Activation = Activation.ReLU)]
[GenerateTensor("B1", 4, BiasOf = "W1")]
[GenerateTensor("W2", 2, 4)]
public partial class FixtureCustom
{
    /// <summary>A two-layer MLP over the typed weights.</summary>
    public static partial Tensor Mainnet(Tensor x, Weights w) =>
        nn.functional.linear(nn.functional.relu(nn.functional.linear(x, w.W1, w.B1)), w.W2);
}
