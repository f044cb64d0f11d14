using HyperGen.Runtime.Tests.Checkpoints;
using HyperGen.Runtime.Tests.Optim;

namespace HyperGen.Runtime.Tests;

/// <summary>
/// The test assembly doubles as a child process for tests whose subject may crash the process (a native crash would
/// take the test host with it): <c>dotnet HyperGen.Runtime.Tests.dll &lt;mode&gt; …</c>. Test runners ignore this.
/// </summary>
public static class Program
{
    public static int Main(string[] args) => args switch
    {
        [LoadChild.Mode, ..] => LoadChild.Run(args[1..]),
        [StreamLoadChild.Mode, ..] => StreamLoadChild.Run(args[1..]),
        _ => 2,
    };
}
