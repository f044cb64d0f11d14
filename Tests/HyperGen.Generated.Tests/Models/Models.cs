using HyperGen;

namespace HyperGen.Generated.Tests.Models;

// The two headline classes, exactly as users write them, plus variants the baselines pin.

[Hypernet(Embedding = 64, Hidden = new[] { 100 }, Init = HyperfanMode.In)]
[Linear(784, 300, Activation = Activation.ReLU)]
[Linear(300, 100, Activation = Activation.ReLU)]
[Linear(100, 10)]
public partial class MnistHypernet { }

[Hypernet(Embedding = 32, Input = new[] { 1, 28, 28 })]
[Conv2d(1, 16, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
[Conv2d(16, 32, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
[Flatten] [Linear(32 * 7 * 7, 10)]
public partial class ConvHypernet { }

/// <summary>Expected-mode V_e (the paper's way) with no hidden layer: the head input is the embedding itself.</summary>
[Hypernet(Embedding = 64, Calibrate = false)]
[Linear(784, 300, Activation = Activation.ReLU)]
[Linear(300, 100, Activation = Activation.ReLU)]
[Linear(100, 10)]
public partial class ExpectedModeHypernet { }

/// <summary>No generated biases: the hyperfan-in weight head takes the whole variance.</summary>
[Hypernet(Embedding = 32, Hidden = new[] { 48 })]
[Linear(50, 40, Activation = Activation.Tanh, Bias = false)]
[Linear(40, 3, Bias = false)]
public partial class BiasFreeHypernet { }

/// <summary>Hyperfan-out with a widening layer, so the bias head gets a non-zero variance.</summary>
[Hypernet(Embedding = 32, Init = HyperfanMode.Out)]
[Linear(20, 200, Activation = Activation.LeakyReLU, NegativeSlope = 0.2, Name = "Widen")]
[Linear(200, 20, Name = "Narrow")]
public partial class HyperfanOutHypernet { }

/// <summary>Harmonic hyperfan on a 1-D convolution.</summary>
[Hypernet(Embedding = 16, Init = HyperfanMode.Harmonic, Input = new[] { 3, 64 })]
[Conv1d(3, 8, 5, Stride = 2, Activation = Activation.GELU)]
[Flatten]
[Linear(8 * 30, 4)]
public partial class HarmonicConv1dHypernet { }

/// <summary>The same members as MnistHypernet with narrower layers: its checkpoints have the same names but other shapes.</summary>
[Hypernet(Embedding = 64, Hidden = new[] { 100 })]
[Linear(784, 200, Activation = Activation.ReLU)]
[Linear(200, 100, Activation = Activation.ReLU)]
[Linear(100, 10)]
public partial class NarrowMnistHypernet { }
