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
