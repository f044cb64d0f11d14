using HyperGen.Samples.Cli;

namespace HyperGen.Samples;

static class Program
{
    static int Main(string[] args) => SamplesApp.Run(args);
}
