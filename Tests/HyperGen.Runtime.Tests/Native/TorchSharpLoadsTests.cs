using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Native;

/// <summary>Builds nothing: loads TorchSharp's native library and runs a real op. Fails if the native fix broke.</summary>
public class TorchSharpLoadsTests
{
    [Fact]
    public void A_matmul_runs_in_this_process()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = a.matmul(a);                         // [[7, 10], [15, 22]]
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
        Assert.Equal(TorchSharp.DeviceType.CPU, b.device_type);
    }
}
