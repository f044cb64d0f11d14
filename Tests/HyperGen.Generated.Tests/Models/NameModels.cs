using HyperGen;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests.Models;

// Layer and tensor names whose first character has no case: PascalCase and camelCase leave them as they are, so
// property, constructor parameter and head names must still come out distinct.

/// <summary>Layer names starting with '_' or a CJK character.</summary>
[Hypernet(Embedding = 4)]
[Linear(3, 5, Activation = Activation.ReLU, Name = "_enc")]
[Linear(5, 4, Activation = Activation.Tanh, Name = "层")]
[Linear(4, 2, Name = "_w")]
public partial class UncasedNames { }

/// <summary>Custom tensors named '_w' and '_b'.</summary>
[Hypernet(Embedding = 4)]
[GenerateTensor("_w", 4, 3)]
[GenerateTensor("_b", 4, BiasOf = "_w")]
public partial class UncasedCustom
{
    /// <summary>One linear layer.</summary>
    public static partial Tensor Mainnet(Tensor x, Weights w) => nn.functional.linear(x, w._w, w._b);
}
