using HyperGen;

namespace HyperGen.Samples.Models;

// The samples' generated hypernets. HyperGen's source generator turns each class into a TorchSharp module
// (embeddings → hidden MLP → one head per mainnet tensor), hyperfan-initialised; the partial classes in
// InitChoice.cs add the sample's init switch on top of the generated ResetParameters overloads.

/// <summary>
/// The paper's feedforward setting: a 784-300-100-10 ReLU mainnet whose weights and biases a hypernet generates
/// from one learned 64-wide embedding per layer, through a 100-wide ReLU hidden layer (the paper's widths: at
/// 32/32, Xavier-on-head's per-layer errors happen to cancel and hide the difference the sample shows). The heads
/// hold 100 × 266,610 ≈ 26.7M parameters; Adam's update over them is most of a step's cost on a CPU.
/// </summary>
[Hypernet(Embedding = 64, Hidden = new[] { 100 }, Init = HyperfanMode.In)]
[Linear(784, 300, Activation = Activation.ReLU)]
[Linear(300, 100, Activation = Activation.ReLU)]
[Linear(100, 10)]
public partial class MnistHypernet { }

/// <summary>A small convolutional mainnet (two 3×3 conv + 2×2 max-pool stages, then a linear classifier) on 1×28×28 images.</summary>
[Hypernet(Embedding = 32, Input = new[] { 1, 28, 28 })]
[Conv2d(1, 16, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
[Conv2d(16, 32, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
[Flatten] [Linear(32 * 7 * 7, 10)]
public partial class ConvHypernet { }
