using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Generated.Tests;

/// <summary>A copy of a module's whole state (parameters and buffers), to prove that something left it unchanged.</summary>
internal sealed class StateSnapshot(nn.Module module)
{
    readonly Tensor[] _state = module.state_dict().Values.Select(t => t.clone()).ToArray();

    /// <summary>Asserts that <paramref name="other"/>'s state equals the snapshot bit for bit.</summary>
    public void AssertEqual(nn.Module other)
    {
        var now = other.state_dict().Values.ToArray();
        Assert.Equal(_state.Length, now.Length);
        for (int i = 0; i < now.Length; i++)
            Assert.True(_state[i].equal(now[i]).all().item<bool>(), $"state entry {i} differs");
    }
}
