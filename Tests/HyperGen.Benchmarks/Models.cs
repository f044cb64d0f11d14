using HyperGen;

namespace HyperGen.Benchmarks;

[Hypernet(Embedding = 64, Hidden = new[] { 100 })]
[Linear(784, 300, Activation = Activation.ReLU)]
[Linear(300, 100, Activation = Activation.ReLU)]
[Linear(100, 10)]
public partial class MnistHypernet { }

[Hypernet(Embedding = 32, ConditionSize = 8, Input = new[] { 1, 28, 28 })]
[Conv2d(1, 8, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
[Conv2d(8, 16, 3, Padding = 1, Activation = Activation.ReLU)] [MaxPool2d(2)]
[Flatten] [Linear(16 * 7 * 7, 10)]
public partial class PerSampleConvHypernet { }

[Hypernet(Embedding = 32, ConditionSize = 8)]
[Linear(784, 100, Activation = Activation.ReLU)]
[Linear(100, 10)]
public partial class PerSampleMlpHypernet { }
