using System;
using System.IO;
using HyperGen.Optim;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Optim;

/// <summary>
/// Loads a TorchSharp-format optimiser stream (<c>load_state_dict</c>, which HyperAdam inherits) into a one-parameter
/// HyperAdam without AMSGrad, in a child process, and prints how it ended: a native crash is an exit code, not a dead
/// test host.
/// </summary>
internal static class StreamLoadChild
{
    public const string Mode = "adam-stream-load";

    /// <summary>The child: <c>adam-stream-load &lt;file&gt;</c>. Prints <c>OUTCOME\t&lt;loaded or exception type&gt;\t&lt;message&gt;</c>.</summary>
    public static int Run(string[] args)
    {
        using var optimizer = new HyperAdam([new Parameter(ones(3))]);
        try
        {
            optimizer.load_state_dict(args[0]);
            Console.WriteLine("OUTCOME\tloaded\t");
        }
        catch (Exception e)
        {
            Console.WriteLine($"OUTCOME\t{e.GetType().Name}\t{e.Message.ReplaceLineEndings(" ")}");
        }
        return 0;
    }
}
