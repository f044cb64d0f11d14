using System.IO;
using HyperGen.Samples.Plotting;
using Xunit;

namespace HyperGen.Samples.Tests;

/// <summary>The loss chart takes what real runs produce: diverged seeds, an init whose every seed diverged, curves far off scale.</summary>
public class ChartTests
{
    [Fact]
    public void Loss_bands_draw_diverged_and_off_scale_inits_without_failing()
    {
        using var dir = new SampleRunner();
        var healthy = new SeedCurves("healthy", [new SeedCurve(1, [2.3f, 1.5f, 1.0f, 0.8f], 0), new SeedCurve(2, [2.4f, 1.7f, 1.1f, 0.7f], 0)]);
        var partly = new SeedCurves("one seed diverged", [new SeedCurve(1, [2.3f, 1.9f, 1.4f, 1.2f], 0), new SeedCurve(2, [2.3f, 40f, float.NaN], 3)]);
        var gone = new SeedCurves("all diverged", [new SeedCurve(1, [float.PositiveInfinity], 1), new SeedCurve(2, [5e3f, float.NaN], 2)]);
        var offScale = new SeedCurves("off scale", [new SeedCurve(1, [6e3f, 900f, 120f, 31f], 0)]);
        string path = Charts.LossBands(Path.Combine(dir.Folder, "loss.png"), "title", "loss", [healthy, partly, gone, offScale], steps: 4, yTop: 2.9,
            reference: (2.3, "chance"), window: 1);
        Artefacts.IsPng(path);
    }
}
