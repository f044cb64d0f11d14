using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HyperGen.Analyzers.Attributes;
using HyperGen.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HyperGen.Analyzers.Tests.Meta;

/// <summary>
/// No false positives on generated code: the models of Tests/HyperGen.Generated.Tests (every hypernet form
/// the generator supports), with the generator's real output, get no diagnostic from any HyperGen analyzer —
/// although the generated ResetParameters calls InitClassical on every head.
/// </summary>
public class GeneratedCodeTests
{
    [Fact]
    public async Task The_generated_test_models_and_their_generated_code_get_no_diagnostic()
    {
        string models = Path.Combine(TestEnvironment.RepositoryRoot, "Tests", "HyperGen.Generated.Tests", "Models");
        var files = Directory.EnumerateFiles(models, "*.cs").OrderBy(f => f).ToList();
        Assert.NotEmpty(files);
        var test = new HyperGenTest<HypernetAttributeAnalyzer, EmptyCodeFixProvider> { AllAnalyzers = true };
        foreach (var file in files)
            test.TestState.Sources.Add((Path.GetFileName(file), File.ReadAllText(file)));
        test.WithGeneratedCode();
        Assert.True(test.TestState.Sources.Count >= 2 * files.Count, "the generator produced too little");
        await test.RunAsync(CancellationToken.None);
    }
}
