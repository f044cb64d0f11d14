using HyperGen;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests.Models;

// One class of each form of issue 4, as users write them.

/// <summary>Task-conditioned: five learned task embeddings, forward(x, task).</summary>
[Hypernet(Embedding = 32, Conditions = 5, Hidden = new[] { 64 })]
[Linear(20, 100, Activation = Activation.ReLU)]
[Linear(100, 10)]
public partial class TaskHypernet { }

/// <summary>Input-conditioned MLP: one mainnet per sample, generated from an 6-wide condition.</summary>
[Hypernet(Embedding = 64, ConditionSize = 6)]
[Linear(10, 200, Activation = Activation.ReLU)]
[Linear(200, 2)]
public partial class PerSampleMlpHypernet { }

/// <summary>Input-conditioned convolutional mainnet: per-sample kernels, batched by grouped convolution.</summary>
[Hypernet(Embedding = 16, ConditionSize = 8, Hidden = new[] { 32 }, Input = new[] { 2, 12, 12 })]
[Conv2d(2, 4, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
[Conv2d(4, 4, 3, Stride = 2)] [AvgPool2d(2)]
[Flatten] [Linear(4, 3)]
public partial class PerSampleConvHypernet { }

/// <summary>Noise-conditioned (implicit weight distribution): every call samples a mainnet.</summary>
[Hypernet(Embedding = 16, Noise = 4, Hidden = new[] { 32 })]
[Linear(1, 50, Activation = Activation.ReLU)]
[Linear(50, 1)]
public partial class BayesHypernet { }

/// <summary>Chunked 784-300-100-10 without a hidden layer.</summary>
[Hypernet(Embedding = 64, Chunk = 4096)]
[Linear(784, 300, Activation = Activation.ReLU)] [Linear(300, 100, Activation = Activation.ReLU)] [Linear(100, 10)]
public partial class ChunkedMnist0 { }

/// <summary>Chunked 784-300-100-10 with one hidden layer of 100.</summary>
[Hypernet(Embedding = 64, Hidden = new[] { 100 }, Chunk = 4096)]
[Linear(784, 300, Activation = Activation.ReLU)] [Linear(300, 100, Activation = Activation.ReLU)] [Linear(100, 10)]
public partial class ChunkedMnist1 { }

/// <summary>Chunked 784-300-100-10 with two hidden layers of 100.</summary>
[Hypernet(Embedding = 64, Hidden = new[] { 100, 100 }, Chunk = 4096)]
[Linear(784, 300, Activation = Activation.ReLU)] [Linear(300, 100, Activation = Activation.ReLU)] [Linear(100, 10)]
public partial class ChunkedMnist2 { }

/// <summary>Custom forward: a residual MLP x + W2·relu(W1·x + b1) over generated, typed weights.</summary>
[Hypernet(Embedding = 32)]
[GenerateTensor("W1", 64, 16, Activation = Activation.ReLU)]
[GenerateTensor("B1", 64, BiasOf = "W1")]
[GenerateTensor("W2", 16, 64)]
public partial class ResidualHypernet
{
    /// <summary>The residual block.</summary>
    public static partial Tensor Mainnet(Tensor x, Weights w) =>
        x + nn.functional.linear(nn.functional.relu(nn.functional.linear(x, w.W1, w.B1)), w.W2);
}

/// <summary>A noise-conditioned hypernet with tensors large enough for a tight statistical check.</summary>
[Hypernet(Embedding = 16, Noise = 8, Hidden = new[] { 32 })]
[Linear(64, 256, Activation = Activation.ReLU)]
[Linear(256, 10)]
public partial class WideBayesHypernet { }
