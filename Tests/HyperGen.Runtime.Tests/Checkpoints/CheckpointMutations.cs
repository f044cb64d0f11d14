using System;
using System.Collections.Generic;
using System.Linq;

namespace HyperGen.Runtime.Tests.Checkpoints;

/// <summary>One fuzz input: what kind of damage, exactly what was done, and the bytes.</summary>
internal sealed record MutatedFile(string Kind, string Description, byte[] Bytes);

/// <summary>
/// Damaged checkpoints, deterministic for a seed: random files, and a valid checkpoint with bit flips, byte changes,
/// truncations, extensions, and a lie in one field at a time (element type, count, dimension or rank, name length or
/// bytes, number encoding, entry list). Field lies are made on a <see cref="CheckpointImage"/>, so they hit the field
/// they name whatever its offset.
/// </summary>
internal static class CheckpointMutations
{
    public static readonly string[] Kinds =
        ["random", "random-after-count", "bit-flip", "byte-change", "truncation", "extension", "element-type", "count", "shape", "name", "number-form", "entries"];

    public static IEnumerable<MutatedFile> Generate(CheckpointImage valid, CheckpointImage other, int seed, int perKind)
    {
        var random = new Random(seed);
        byte[] bytes = valid.ToBytes();
        var headerOffsets = HeaderOffsets(valid);
        foreach (string kind in Kinds)
            for (int i = 0; i < perKind; i++)
                yield return kind switch
                {
                    "random" => Random(random),
                    "random-after-count" => RandomAfterCount(random, valid),
                    "bit-flip" => BitFlip(random, bytes, headerOffsets),
                    "byte-change" => ByteChange(random, bytes, headerOffsets),
                    "truncation" => Truncation(random, bytes),
                    "extension" => Extension(random, bytes),
                    "element-type" => ElementType(random, valid),
                    "count" => Count(random, valid),
                    "shape" => Shape(random, valid),
                    "name" => Name(random, valid),
                    "number-form" => NumberForm(random, valid),
                    _ => Entries(random, valid, other),
                };
    }

    static MutatedFile Random(Random r)
    {
        var b = new byte[r.Next(0, 600)];
        r.NextBytes(b);
        return new("random", $"{b.Length} random bytes", b);
    }

    static MutatedFile RandomAfterCount(Random r, CheckpointImage valid)
    {
        var tail = new byte[r.Next(0, 400)];
        r.NextBytes(tail);
        return new("random-after-count", $"the valid count, then {tail.Length} random bytes", [.. valid.Count, .. tail]);
    }

    // Offsets of every non-element byte: flips there hit the structure; flips in element bytes mostly make valid files.
    static int[] HeaderOffsets(CheckpointImage image)
    {
        var offsets = new List<int>();
        int at = 0;
        void Take(byte[] field, bool header)
        {
            if (header)
                offsets.AddRange(Enumerable.Range(at, field.Length));
            at += field.Length;
        }
        Take(image.Count, true);
        foreach (var e in image.Entries)
        {
            Take(e.NameLength, true);
            Take(e.Name, true);
            Take(e.DType, true);
            Take(e.Rank, true);
            foreach (var d in e.Dims)
                Take(d, true);
            Take(e.Data, false);
        }
        return offsets.ToArray();
    }

    static int Position(Random r, byte[] bytes, int[] header) => r.Next(2) == 0 ? header[r.Next(header.Length)] : r.Next(bytes.Length);

    static MutatedFile BitFlip(Random r, byte[] valid, int[] header)
    {
        var b = (byte[])valid.Clone();
        var flips = Enumerable.Range(0, r.Next(1, 5)).Select(_ => (At: Position(r, b, header), Bit: r.Next(8))).ToList();
        foreach (var (at, bit) in flips)
            b[at] ^= (byte)(1 << bit);
        return new("bit-flip", "flipped " + string.Join(", ", flips.Select(f => $"bit {f.Bit} of byte {f.At}")), b);
    }

    static MutatedFile ByteChange(Random r, byte[] valid, int[] header)
    {
        var b = (byte[])valid.Clone();
        var changes = Enumerable.Range(0, r.Next(1, 4)).Select(_ => (At: Position(r, b, header), Value: (byte)r.Next(256))).ToList();
        foreach (var (at, value) in changes)
            b[at] = value;
        return new("byte-change", "set " + string.Join(", ", changes.Select(c => $"byte {c.At} to {c.Value}")), b);
    }

    static MutatedFile Truncation(Random r, byte[] valid)
    {
        int length = r.Next(0, valid.Length);
        return new("truncation", $"cut to {length} of {valid.Length} bytes", valid[..length]);
    }

    static MutatedFile Extension(Random r, byte[] valid)
    {
        var tail = new byte[r.Next(1, 65)];
        if (r.Next(3) > 0)
            r.NextBytes(tail);
        return new("extension", $"{tail.Length} {(tail.Any(x => x != 0) ? "random" : "zero")} bytes appended", [.. valid, .. tail]);
    }

    static readonly long[] BadTypeCodes = [8, 12, 13, 14, 16, 17, 22, 44, 100, 127, 128, 200, 222, 255, 256, 1 << 20, int.MaxValue, long.MaxValue];

    static MutatedFile ElementType(Random r, CheckpointImage valid)
    {
        var image = valid.Clone();
        int i = r.Next(image.Entries.Count);
        if (r.Next(10) == 0)
        {
            // libtorch's sub-byte types with a million elements and a byte per element: TorchSharp's own reader
            // overruns the heap on these (see CheckpointFuzzTests.The_child_process_reports_a_native_crash_as_a_crash).
            var e = image.Entries[i];
            long subByte = 16 + r.Next(2);
            (e.DType, e.Rank, e.Dims, e.Data) = (Leb128.Encode((ulong)subByte), Leb128.Encode(1), [Leb128.Encode(1 << 20)], new byte[1 << 20]);
            return new("element-type", $"tensor {i} ('{e.NameText}') element type {subByte} (sub-byte) with 2^20 elements", image.ToBytes());
        }
        // Mostly codes TorchSharp cannot load; some valid codes of another type (wrong length, or a type mismatch).
        long code = r.Next(4) == 0 ? new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 15 }[r.Next(12)] : BadTypeCodes[r.Next(BadTypeCodes.Length)];
        image.Entries[i].DType = Leb128.Encode((ulong)code);
        return new("element-type", $"tensor {i} ('{image.Entries[i].NameText}') element type {code}", image.ToBytes());
    }

    static MutatedFile Count(Random r, CheckpointImage valid)
    {
        var image = valid.Clone();
        int n = image.Entries.Count;
        long count = new long[] { 0, 1, n - 1, n + 1, n + 100, 1L << 31, (1L << 32) + n, 1L << 62, long.MaxValue, r.NextInt64() }[r.Next(10)];
        image.Count = Leb128.Encode((ulong)count);
        return new("count", $"count {count} (really {n})", image.ToBytes());
    }

    static MutatedFile Shape(Random r, CheckpointImage valid)
    {
        var image = valid.Clone();
        var candidates = Enumerable.Range(0, image.Entries.Count).Where(k => image.Entries[k].Dims.Count > 0).ToArray();
        int i = candidates[r.Next(candidates.Length)];
        var e = image.Entries[i];
        if (r.Next(3) == 0)
        {
            long rank = new long[] { e.Dims.Count + 1, e.Dims.Count - 1, 0, 65, 1000, 1L << 40, long.MaxValue }[r.Next(7)];
            e.Rank = Leb128.Encode((ulong)rank);
            return new("shape", $"tensor {i} ('{e.NameText}') rank {rank} (really {e.Dims.Count})", image.ToBytes());
        }
        int d = r.Next(e.Dims.Count);
        long value = new long[] { 0, 1, 2, 3, 5, 7, 1L << 31, 1L << 40, 1L << 62, long.MaxValue, r.NextInt64() }[r.Next(11)];
        e.Dims[d] = Leb128.Encode((ulong)value);
        if (r.Next(4) == 0 && e.Dims.Count > 1)      // two dimensions whose product overflows
            e.Dims[(d + 1) % e.Dims.Count] = Leb128.Encode(1UL << 62);
        return new("shape", $"tensor {i} ('{e.NameText}') dimensions [{string.Join(", ", e.Dims.Select(x => Decode(x)))}]", image.ToBytes());
    }

    static readonly byte[][] BadUtf8 = [[0xFF], [0xC0, 0x80], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC3]];

    static MutatedFile Name(Random r, CheckpointImage valid)
    {
        var image = valid.Clone();
        int i = r.Next(image.Entries.Count);
        var e = image.Entries[i];
        string original = e.NameText;
        switch (r.Next(4))
        {
            case 0:
                long length = new long[] { e.Name.Length + 1, e.Name.Length - 1, 0, e.Name.Length + 1000, int.MaxValue, 1L << 34, 1 }[r.Next(7)];
                e.NameLength = Leb128.Encode((ulong)length);
                return new("name", $"tensor {i} ('{original}') name length {length} (really {e.Name.Length})", image.ToBytes());
            case 1:
                var bad = BadUtf8[r.Next(BadUtf8.Length)];
                int at = r.Next(e.Name.Length + 1);
                e.Name = [.. e.Name[..at], .. bad, .. e.Name[at..]];
                e.NameLength = Leb128.Encode((ulong)e.Name.Length);
                return new("name", $"tensor {i} ('{original}') name with invalid UTF-8 {Convert.ToHexString(bad)} at {at}", image.ToBytes());
            case 2:
                int j = (i + 1 + r.Next(image.Entries.Count - 1)) % image.Entries.Count;
                e.Name = image.Entries[j].Name;
                e.NameLength = image.Entries[j].NameLength;
                return new("name", $"tensor {i} ('{original}') renamed to tensor {j}'s name '{e.NameText}'", image.ToBytes());
            default:
                e.Name = [];
                e.NameLength = [0];
                return new("name", $"tensor {i} ('{original}') with an empty name", image.ToBytes());
        }
    }

    static MutatedFile NumberForm(Random r, CheckpointImage valid)
    {
        var image = valid.Clone();
        int i = r.Next(image.Entries.Count);
        var e = image.Entries[i];
        // Same value in a longer form, or a 10-byte and longer value (past 63 bits).
        byte[] Weird(byte[] field) => r.Next(2) == 0
            ? Leb128.Padded(Decode(field), r.Next(field.Length + 1, 13))
            : Leb128.Encode(((ulong)r.NextInt64() << 1) | (1UL << 63));
        string field;
        switch (r.Next(5))
        {
            case 0: image.Count = Weird(image.Count); field = "count"; break;
            case 1: e.DType = Weird(e.DType); field = $"tensor {i} element type"; break;
            case 2: e.Rank = Weird(e.Rank); field = $"tensor {i} rank"; break;
            case 3 when e.Dims.Count > 0: e.Dims[0] = Weird(e.Dims[0]); field = $"tensor {i} dimension 0"; break;
            default: e.NameLength = Weird(e.NameLength); field = $"tensor {i} name length"; break;
        }
        return new("number-form", $"{field} written in a form TorchSharp never writes", image.ToBytes());
    }

    static MutatedFile Entries(Random r, CheckpointImage valid, CheckpointImage other)
    {
        var image = valid.Clone();
        int n = image.Entries.Count, i = r.Next(n), j = (i + 1 + r.Next(n - 1)) % n;
        string description;
        switch (r.Next(5))
        {
            case 0: image.Entries.RemoveAt(i); description = $"tensor {i} left out"; break;
            case 1: image.Entries.Insert(j, image.Entries[i].Clone()); description = $"tensor {i} written twice"; break;
            case 2: (image.Entries[i], image.Entries[j]) = (image.Entries[j], image.Entries[i]); description = $"tensors {i} and {j} swapped (still valid)"; break;
            case 3: image.Entries[i].Data = image.Entries[j].Data; description = $"tensor {i} carries tensor {j}'s elements"; break;
            default: image = other.Clone(); description = "another module's checkpoint"; break;
        }
        image.Count = Leb128.Encode((ulong)image.Entries.Count);
        return new("entries", description, image.ToBytes());
    }

    static ulong Decode(byte[] leb)
    {
        ulong value = 0;
        for (int k = 0; k < leb.Length && k < 10; k++)
            value |= (ulong)(leb[k] & 0x7F) << (7 * k);
        return value;
    }
}
