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
    public void The_child_process_reports_a_native_crash_as_a_crash_and_goes_on_with_the_next_file()
    {
        // What this harness exists for: a file that kills the process must be reported as a crash, and the files after
        // it must still be tried (in a new child). The kill is made on purpose, so the check does not depend on luck.
        var (valid, _) = Images();
        string killer = Path.Combine(_dir, LoadChild.KillsTheChild), fine = Path.Combine(_dir, "valid.ckpt");
        File.WriteAllBytes(killer, valid.ToBytes());
        File.WriteAllBytes(fine, valid.ToBytes());
        var results = LoadChild.RunAll([killer, fine, killer, fine], LoadChild.Loader.HyperGen, _dir);
        output.WriteLine(string.Join("\n", results));
        Assert.Equal(["CRASH", "loaded", "CRASH", "loaded"], results.Select(r => r.Outcome.Split(' ')[0]));
    }

    [Fact]
    public void A_file_TorchSharps_reader_trusts_into_a_heap_overrun_is_rejected_before_any_tensor_is_built()
    {
        // TorchSharp's tensor reader (what Checkpoint.Load used before it validated files) trusts the element type. Code
        // 16 is libtorch's 4-bit QUInt4x2, whose storage holds two elements per byte while TorchSharp copies one byte per
        // element: a million of them overrun the heap (measured: mostly exit 134 or an AccessViolationException; whether
        // the overrun kills the process depends on what lies next to the storage, so that leg is only logged).
        var (valid, _) = Images();
        var image = valid.Clone();
        var entry = image.Entries[0];
        entry.DType = Leb128.Encode(16);
        entry.Rank = Leb128.Encode(1);
        entry.Dims = [Leb128.Encode(1 << 20)];
        entry.Data = new byte[1 << 20];
        string overrun = Path.Combine(_dir, "quint4x2.ckpt"), fine = Path.Combine(_dir, "valid.ckpt");
        File.WriteAllBytes(overrun, image.ToBytes());
        File.WriteAllBytes(fine, valid.ToBytes());

        output.WriteLine("TorchSharp's reader: " + string.Join("\n", LoadChild.RunAll([overrun], LoadChild.Loader.TorchSharpTensorReader, _dir)));

        var viaHyperGen = LoadChild.RunAll([overrun, fine], LoadChild.Loader.HyperGen, _dir);
        output.WriteLine(string.Join("\n", viaHyperGen));
        Assert.Equal(nameof(InvalidDataException), viaHyperGen[0].Outcome);
        Assert.Contains($"tensor 0 of {valid.Entries.Count} ('{entry.NameText}'): element type code 16 is not one TorchSharp can load", viaHyperGen[0].Message);
        Assert.True(viaHyperGen[0].Unchanged);
        Assert.Equal("loaded", viaHyperGen[1].Outcome);
    }
}
