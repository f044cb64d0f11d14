using System;
using System.IO;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Checkpoints;

/// <summary>
/// Checkpoint.Load against TorchSharp's format, one lie at a time: each damaged field gets an InvalidDataException
/// naming the file, the tensor (index and name) and the bad value, and the model is left bit-for-bit unchanged.
/// Valid files round-trip bit-exactly both ways with TorchSharp's own save and load.
/// </summary>
public sealed class CheckpointFormatTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("hypergen-ckpt-format-").FullName;
    readonly MixedModule _model;
    readonly Tensor[] _before;
    readonly CheckpointImage _valid;

    public CheckpointFormatTests()
    {
        manual_seed(11);
        using (var source = new MixedModule())
            _valid = CheckpointImage.Of(source);
        manual_seed(12);
        _model = new MixedModule();
        _before = _model.Snapshot();
    }

    public void Dispose()
    {
        _model.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    string Write(byte[] bytes, string name = "damaged.ckpt")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Loads <paramref name="bytes"/>, expecting a format error; checks the message names the file and every fragment.</summary>
    void Rejects(byte[] bytes, params string[] fragments)
    {
        string path = Write(bytes);
        var e = Assert.Throws<InvalidDataException>(() => _model.Load(path));
        Assert.Contains($"Checkpoint '{path}' is not a valid TorchSharp checkpoint", e.Message);
        foreach (var fragment in fragments)
            Assert.Contains(fragment, e.Message);
        Assert.EndsWith("The model was left unchanged.", e.Message);
        Assert.True(_model.Matches(_before), "the model changed");
    }

    CheckpointImage Damaged(Action<CheckpointImage> damage)
    {
        var image = _valid.Clone();
        damage(image);
        return image;
    }

    int Index(string name) => _valid.Entries.FindIndex(e => e.NameText == name);
    string Entry(string name) => $"tensor {Index(name)} of {_valid.Entries.Count} ('{name}')";

    [Fact]
    public void The_test_image_is_byte_for_byte_what_TorchSharp_writes()
    {
        manual_seed(11);
        using var source = new MixedModule();
        string path = Path.Combine(_dir, "torchsharp.ckpt");
        source.save(path);
        Assert.Equal(File.ReadAllBytes(path), _valid.ToBytes());
        Assert.Contains(_valid.Entries, e => e.NameText == "größe");       // multi-byte UTF-8 names are covered
    }

    [Fact]
    public void Valid_files_round_trip_bit_exactly_with_TorchSharps_own_save_and_load()
    {
        manual_seed(13);
        using var source = new MixedModule();
        var expected = source.Snapshot();

        string ours = Path.Combine(_dir, "ours.ckpt"), theirs = Path.Combine(_dir, "theirs.ckpt");
        source.Save(ours);
        source.save(theirs);
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));   // Save writes TorchSharp's format exactly

        _model.Load(theirs);                                                // Load reads what TorchSharp writes
        Assert.True(_model.Matches(expected));
        using var viaTorchSharp = new MixedModule();
        viaTorchSharp.load(ours);                                           // TorchSharp reads what Save writes
        Assert.True(viaTorchSharp.Matches(expected));
        Assert.Equal(2, Directory.GetFiles(_dir).Length);                   // no temporary file left behind
    }

    [Theory]
    [InlineData(222)]
    [InlineData(8)]       // libtorch's ComplexHalf: not a TorchSharp type
    [InlineData(12)]      // quantized types cannot be created from bytes
    [InlineData(16)]      // sub-byte QUInt4x2: TorchSharp's reader overruns the heap on it
    [InlineData(1L << 40)]
    public void An_unknown_element_type_is_named_with_its_code(long code)
    {
        Rejects(Damaged(i => i.Entries[Index("scale")].DType = Leb128.Encode((ulong)code)).ToBytes(),
            Entry("scale"), $"element type code {code} is not one TorchSharp can load", "6 Float32");
    }

    [Fact]
    public void A_count_the_file_cannot_hold_is_rejected_before_anything_is_allocated()
    {
        var image = Damaged(i => i.Count = Leb128.Encode(1UL << 62));
        Rejects(image.ToBytes(), "it declares 4611686018427387904 tensors", $"its {image.ToBytes().Length} bytes can hold at most");
    }

    [Fact]
    public void A_count_that_stops_short_leaves_bytes_after_the_last_tensor()
    {
        var image = Damaged(i => i.Count = Leb128.Encode((ulong)i.Entries.Count - 1));
        int tail = image.Entries[^1].ToBytesLength();
        Rejects(image.ToBytes(), $"{tail} bytes follow the last tensor");
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData(long.MaxValue)]
    [InlineData(100_000)] // a few megabytes in a file of a few hundred bytes
    public void A_dimension_larger_than_the_file_is_named_with_the_shape(long dimension)
    {
        Rejects(Damaged(i => i.Entries[Index("fc.weight")].Dims[0] = Leb128.Encode((ulong)dimension)).ToBytes(),
            Entry("fc.weight"), $"shape [{dimension}, 6] of Float32 needs more bytes than the");
    }

    [Fact]
    public void Dimensions_whose_product_overflows_are_caught_without_overflowing()
    {
        Rejects(Damaged(i =>
        {
            var e = i.Entries[Index("counts")];
            e.Dims = [Leb128.Encode(1UL << 62), Leb128.Encode(1UL << 62)];
        }).ToBytes(), Entry("counts"), "shape [4611686018427387904, 4611686018427387904] of Int64 needs more bytes");
    }

    [Fact]
    public void A_rank_above_64_is_rejected()
    {
        Rejects(Damaged(i => i.Entries[Index("mask")].Rank = Leb128.Encode(1000)).ToBytes(), Entry("mask"), "rank 1000 is above the 64 dimensions");
    }

    [Fact]
    public void A_name_length_past_the_end_of_the_file_is_named()
    {
        var image = Damaged(i => i.Entries[^1].NameLength = Leb128.Encode(5000));
        Rejects(image.ToBytes(), $"tensor {_valid.Entries.Count - 1} of {_valid.Entries.Count}:", "the name claims 5000 bytes but only");
    }

    [Fact]
    public void A_name_length_above_64_KiB_is_rejected_before_reading_it()
    {
        Rejects(Damaged(i => i.Entries[0].NameLength = Leb128.Encode(int.MaxValue)).ToBytes(), "tensor 0 of", "the name claims 2147483647 bytes, above the 65536");
    }

    [Fact]
    public void A_name_that_is_not_UTF8_is_named_with_the_bad_byte()
    {
        Rejects(Damaged(i =>
        {
            var e = i.Entries[Index("half")];
            e.Name = [(byte)'h', 0xFF, (byte)'l', (byte)'f'];
        }).ToBytes(), $"tensor {Index("half")} of", "is not valid UTF-8 (byte 0xFF at offset");
    }

    [Fact]
    public void Empty_and_repeated_names_are_rejected()
    {
        Rejects(Damaged(i => (i.Entries[1].Name, i.Entries[1].NameLength) = ([], [0])).ToBytes(), "tensor 1 of", "the name is empty");
        Rejects(Damaged(i => (i.Entries[2].Name, i.Entries[2].NameLength) = (i.Entries[0].Name, i.Entries[0].NameLength)).ToBytes(),
            $"tensor 2 of {_valid.Entries.Count} ('fc.weight')", "the name 'fc.weight' appeared before");
    }

    [Fact]
    public void Numbers_in_forms_TorchSharp_never_writes_are_rejected()
    {
        Rejects(Damaged(i => i.Count = Leb128.Padded((ulong)i.Entries.Count, 3)).ToBytes(), "the tensor count at offset 0 is padded with zero bytes");
        Rejects(Damaged(i => i.Entries[Index("step")].DType = Leb128.Encode(ulong.MaxValue)).ToBytes(),
            Entry("step"), "the element type at offset", "runs past 9 bytes");
    }

    [Fact]
    public void Bools_other_than_0_and_1_are_rejected()
    {
        Rejects(Damaged(i => i.Entries[Index("mask")].Data = [1, 0, 2, 1, 0]).ToBytes(), Entry("mask"), "bool element 2 is 2");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    public void A_truncated_file_says_where_it_ends(int cut)
    {
        byte[] bytes = _valid.ToBytes();
        Rejects(bytes[..(bytes.Length - 1 - cut)]);
        Rejects(bytes[..cut]);
    }

    [Fact]
    public void Trailing_bytes_are_rejected_with_their_count_and_offset()
    {
        byte[] bytes = _valid.ToBytes();
        Rejects([.. bytes, 0, 0, 0], $"3 bytes follow the last tensor (at offset {bytes.Length})");
    }

    [Fact]
    public void A_valid_file_of_another_element_type_does_not_fit_and_changes_nothing()
    {
        var image = Damaged(i =>
        {
            var e = i.Entries[Index("scale")];                         // float64 [3] written as float32 [6]: same bytes
            (e.DType, e.Dims) = (Leb128.Encode(6), [Leb128.Encode(6)]);
        });
        string path = Write(image.ToBytes());
        var ex = Assert.Throws<ArgumentException>(() => _model.Load(path));
        Assert.Contains($"Checkpoint '{path}' does not fit MixedModule: 'scale' is [6] in the file but [3] in the model", ex.Message);
        Assert.True(_model.Matches(_before));

        image = Damaged(i => i.Entries[Index("step")].DType = Leb128.Encode(11));   // int32 → bool: 4 bytes → 1
        image.Entries[Index("step")].Data = [1];
        path = Write(image.ToBytes());
        ex = Assert.Throws<ArgumentException>(() => _model.Load(path));
        Assert.Contains("'step' is Bool in the file but Int32 in the model", ex.Message);
        Assert.True(_model.Matches(_before));
    }

    [Fact]
    public void Missing_files_and_folders_get_their_own_errors()
    {
        string missing = Path.Combine(_dir, "missing.ckpt");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => _model.Load(missing)).Message);
        Assert.Contains("that is a folder", Assert.Throws<IOException>(() => _model.Load(_dir)).Message);
        Assert.True(_model.Matches(_before));
    }
}

internal static class EntryImageLength
{
    public static int ToBytesLength(this EntryImage e) =>
        e.NameLength.Length + e.Name.Length + e.DType.Length + e.Rank.Length + e.Dims.Sum(d => d.Length) + e.Data.Length;
}
