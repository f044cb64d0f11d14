using System;
using System.IO;
using System.Linq;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Checkpoints;

/// <summary>
/// Checkpoint.Load on hostile files never kills the process: 1,200 random and damaged files are loaded in a child
/// process (a native crash there is a reported crash here, not a dead test host), and every one must end in a clean
/// exception — or a correct load, for damage that leaves a valid file — with the model unchanged.
/// </summary>
public sealed class CheckpointFuzzTests(ITestOutputHelper output) : IDisposable
{
    const int Seed = 20_260_510;
    const int PerKind = 100;
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-ckpt-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static (CheckpointImage Valid, CheckpointImage Other) Images()
    {
        manual_seed(8);                               // other values than the child's model, so a partial load would show
        using var source = new MixedModule();
        using var other = nn.Linear(3, 2);
        return (CheckpointImage.Of(source), CheckpointImage.Of(other));
    }

    [Fact]
    public void Load_fails_cleanly_on_1200_random_and_damaged_files_and_never_changes_the_model()
    {
        var (valid, other) = Images();
        var cases = CheckpointMutations.Generate(valid, other, Seed, PerKind).ToList();
        var files = cases.Select((c, i) =>
        {
            string path = Path.Combine(_dir, $"case-{i:D4}-{c.Kind}.ckpt");
            File.WriteAllBytes(path, c.Bytes);
            return path;
        }).ToList();

        var results = LoadChild.RunAll(files, LoadChild.Loader.HyperGen, _dir);

        Assert.True(cases.Count >= 1000, $"{cases.Count} cases");
        Assert.Equal(files, results.Select(r => r.File));
        output.WriteLine($"seed {Seed}: {cases.Count} files");
        output.WriteLine($"{"kind",-20} {"loaded",7} {"invalid",8} {"mismatch",9} {"other",6}");
        foreach (var kind in CheckpointMutations.Kinds)
        {
            var ofKind = results.Where((_, i) => cases[i].Kind == kind).ToList();
            output.WriteLine($"{kind,-20} {ofKind.Count(r => r.Outcome == "loaded"),7} {ofKind.Count(r => r.Outcome == nameof(InvalidDataException)),8} " +
                             $"{ofKind.Count(r => r.Outcome == nameof(ArgumentException)),9} {ofKind.Count(r => r.Outcome is not ("loaded" or nameof(InvalidDataException) or nameof(ArgumentException))),6}");
            // Every kind of damage is caught by the format check at least sometimes (the generator really damages files).
            Assert.Contains(ofKind, r => r.Outcome == nameof(InvalidDataException) || kind == "entries");
        }

        var bad = results.Select((r, i) => (Result: r, Case: cases[i])).Where(x =>
            x.Result.Outcome is not ("loaded" or nameof(InvalidDataException) or nameof(ArgumentException))
            || !x.Result.Unchanged
            || (x.Result.Outcome != "loaded" && !x.Result.Message.Contains(x.Result.File, StringComparison.Ordinal))).ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} of {cases.Count} loads did not fail cleanly:\n" + string.Join("\n", bad.Take(20).Select(x =>
            $"{Path.GetFileName(x.Result.File)} [{x.Case.Description}]: {x.Result.Outcome}{(x.Result.Unchanged ? "" : ", MODEL CHANGED")}: {x.Result.Message}")));
    }

    [Fact]
    public void The_child_process_reports_a_native_crash_as_a_crash()
    {
        // What this harness exists for: TorchSharp's tensor reader (what Checkpoint.Load used before it validated files)
        // trusts the element type. Code 16 is libtorch's 4-bit QUInt4x2, whose storage holds two elements per byte while
        // TorchSharp copies one byte per element: a million of them overrun the heap and kill the process (measured:
        // exit 134, AccessViolationException; code 17 aborts in malloc). The harness must report that file as a crash
        // and go on with the next one.
        var (valid, _) = Images();
        var image = valid.Clone();
        var entry = image.Entries[0];
        entry.DType = Leb128.Encode(16);
        entry.Rank = Leb128.Encode(1);
        entry.Dims = [Leb128.Encode(1 << 20)];
        entry.Data = new byte[1 << 20];
        string crashing = Path.Combine(_dir, "quint4x2.ckpt"), fine = Path.Combine(_dir, "valid.ckpt");
        File.WriteAllBytes(crashing, image.ToBytes());
        File.WriteAllBytes(fine, valid.ToBytes());

        var viaTorchSharp = LoadChild.RunAll([crashing, fine], LoadChild.Loader.TorchSharpTensorReader, _dir);
        output.WriteLine(string.Join("\n", viaTorchSharp));
        Assert.StartsWith("CRASH", viaTorchSharp[0].Outcome);
        Assert.Equal("loaded", viaTorchSharp[1].Outcome);

        var viaHyperGen = LoadChild.RunAll([crashing, fine], LoadChild.Loader.HyperGen, _dir);
        output.WriteLine(string.Join("\n", viaHyperGen));
        Assert.Equal(nameof(InvalidDataException), viaHyperGen[0].Outcome);
        Assert.Contains($"tensor 0 of {valid.Entries.Count} ('{entry.NameText}'): element type code 16 is not one TorchSharp can load", viaHyperGen[0].Message);
        Assert.True(viaHyperGen[0].Unchanged);
        Assert.Equal("loaded", viaHyperGen[1].Outcome);
    }
}
