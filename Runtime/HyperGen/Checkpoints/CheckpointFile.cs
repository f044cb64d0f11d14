using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>One tensor in a checkpoint: where its bytes are, and what they are, as the file declares it.</summary>
/// <param name="Index">Position in the file, from 0.</param>
/// <param name="Name">The state-dict key (<c>layer1WeightHead.weight</c>).</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The shape.</param>
/// <param name="DataOffset">Where the element bytes start in the file.</param>
/// <param name="ByteLength">How many element bytes follow.</param>
internal sealed record CheckpointEntry(int Index, string Name, ScalarType DType, long[] Shape, long DataOffset, long ByteLength);

/// <summary>
/// Reads and validates the index of a checkpoint in TorchSharp's state-dict format, entirely in managed code, so
/// that neither TorchSharp nor libtorch ever parses a byte of an untrusted file. TorchSharp 0.107 trusts its input:
/// an unknown element-type code reaches libtorch as a dtype and kills the process, a huge dimension allocates
/// gigabytes before the read fails, a short file is read into the model half-way. Here every field is checked
/// against the format and against the file's length before anything is allocated.
/// </summary>
/// <remarks>
/// The layout, as <c>Module.save_state_dict</c> and <c>TensorExtensionMethods.Save</c> write it:
/// <code>
/// count                      unsigned LEB128
/// count × entry:
///   name                     BinaryWriter.Write(string): 7-bit-encoded int32 byte count, then UTF-8 bytes
///   element type             unsigned LEB128 (torch.ScalarType code)
///   rank                     unsigned LEB128
///   rank × dimension         unsigned LEB128
///   elements                 numel × element size bytes, as laid out in memory (little-endian, row-major)
/// </code>
/// Stricter than TorchSharp's own reader, by decision (docs/checkpoints.md): numbers must be minimally encoded
/// (TorchSharp and .NET always write them so), names must be valid UTF-8, non-empty and unique, bool elements
/// must be 0 or 1, rank at most <see cref="MaxRank"/>, and the last tensor must end exactly where the file ends:
/// trailing bytes mean a damaged or concatenated file, not a checkpoint.
/// </remarks>
internal static class CheckpointFile
{
    /// <summary>The most dimensions a tensor may declare (libtorch itself allows more; no model needs them).</summary>
    public const int MaxRank = 64;

    /// <summary>The longest name a checkpoint may declare, in UTF-8 bytes (state-dict names are module paths).</summary>
    public const int MaxNameBytes = 1 << 16;

    // Smallest possible entry: name length and one name byte, type, rank, and then either a dimension (rank ≥ 1,
    // possibly 0 elements) or one element byte (a rank-0 scalar).
    const int MinEntryBytes = 5;

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Element size in bytes of every type TorchSharp can write and load; other codes are rejected.</summary>
    public static int? ElementSize(long code) => code switch
    {
        (long)ScalarType.Byte or (long)ScalarType.Int8 or (long)ScalarType.Bool => 1,
        (long)ScalarType.Int16 or (long)ScalarType.Float16 or (long)ScalarType.BFloat16 => 2,
        (long)ScalarType.Int32 or (long)ScalarType.Float32 => 4,
        (long)ScalarType.Int64 or (long)ScalarType.Float64 or (long)ScalarType.ComplexFloat32 => 8,
        (long)ScalarType.ComplexFloat64 => 16,
        _ => null,
    };

    const string KnownTypes = "0 Byte, 1 Int8, 2 Int16, 3 Int32, 4 Int64, 5 Float16, 6 Float32, 7 Float64, 9 ComplexFloat32, " +
                              "10 ComplexFloat64, 11 Bool, 15 BFloat16";

    /// <summary>
    /// Reads the whole index of the checkpoint in <paramref name="stream"/> (from its start to its end), checking every
    /// field; element bytes are skipped (bool elements are checked). The stream is left at its end.
    /// </summary>
    /// <param name="stream">A readable, seekable stream over the whole file.</param>
    /// <param name="path">The file's path, for messages.</param>
    /// <exception cref="InvalidDataException">The file breaks the format; the message names the file, the entry and the bad value.</exception>
    public static IReadOnlyList<CheckpointEntry> ReadIndex(Stream stream, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new Reader(stream, path);
        long count = reader.Leb128("the tensor count");
        long room = (stream.Length - stream.Position) / MinEntryBytes;
        if (count > room)
            throw reader.Invalid($"it declares {count.ToString(CultureInfo.InvariantCulture)} tensors, but its {stream.Length.ToString(CultureInfo.InvariantCulture)} bytes " +
                                 $"can hold at most {room.ToString(CultureInfo.InvariantCulture)} (every tensor takes at least {MinEntryBytes} bytes)");

        var entries = new List<CheckpointEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            reader.Entry = $"tensor {i} of {count}";
            string name = reader.Name();
            reader.Entry = $"tensor {i} of {count} ('{name}')";
            if (!names.Add(name))
                throw reader.Invalid($"the name '{name}' appeared before; state-dict names are unique");

            long code = reader.Leb128("the element type");
            int size = ElementSize(code)
                ?? throw reader.Invalid($"element type code {code.ToString(CultureInfo.InvariantCulture)} is not one TorchSharp can load (known: {KnownTypes})");
            var type = (ScalarType)code;

            long rank = reader.Leb128("the rank");
            if (rank > MaxRank)
                throw reader.Invalid($"rank {rank.ToString(CultureInfo.InvariantCulture)} is above the {MaxRank} dimensions a checkpoint may declare");
            var shape = new long[rank];
            for (int d = 0; d < rank; d++)
                shape[d] = reader.Leb128($"dimension {d}");

            long bytes = ByteLength(shape, size, stream.Length - stream.Position)
                ?? throw reader.Invalid($"shape [{string.Join(", ", shape)}] of {type} needs more bytes than the " +
                                        $"{(stream.Length - stream.Position).ToString(CultureInfo.InvariantCulture)} left in the file");
            long offset = stream.Position;
            if (type == ScalarType.Bool)
                reader.CheckBooleans(bytes);
            else
                stream.Seek(bytes, SeekOrigin.Current);
            entries.Add(new CheckpointEntry(i, name, type, shape, offset, bytes));
        }
        reader.Entry = null;
        if (stream.Position != stream.Length)
            throw reader.Invalid($"{(stream.Length - stream.Position).ToString(CultureInfo.InvariantCulture)} bytes follow the last tensor " +
                                 $"(at offset {stream.Position.ToString(CultureInfo.InvariantCulture)}); a checkpoint ends with its last tensor's elements");
        return entries;
    }

    /// <summary>numel × element size when it fits in <paramref name="available"/> bytes; null when larger (or overflowing).</summary>
    static long? ByteLength(long[] shape, int elementSize, long available)
    {
        if (Array.IndexOf(shape, 0L) >= 0)
            return 0;
        long bytes = elementSize;
        foreach (long dimension in shape)
        {
            // bytes · dimension > available, without overflow: every partial product is at most `available`.
            if (dimension > available / bytes)
                return null;
            bytes *= dimension;
        }
        return bytes;
    }

    /// <summary>Field reads with their position and entry, so every error says where and what.</summary>
    sealed class Reader(Stream stream, string path)
    {
        public string? Entry { get; set; }

        public InvalidDataException Invalid(string what) => new(
            $"Checkpoint '{path}' is not a valid TorchSharp checkpoint: {(Entry is null ? "" : Entry + ": ")}{what}. The model was left unchanged.");

        int Byte(string field)
        {
            long at = stream.Position;
            int b = stream.ReadByte();
            if (b < 0)
                throw Invalid($"the file ends at byte {at.ToString(CultureInfo.InvariantCulture)} inside {field} (truncated)");
            return b;
        }

        /// <summary>Unsigned LEB128, minimally encoded, at most 63 bits (9 bytes).</summary>
        public long Leb128(string field)
        {
            long at = stream.Position, value = 0;
            for (int i = 0; ; i++)
            {
                int b = Byte(field);
                value |= (long)(b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0)
                {
                    if (b == 0 && i > 0)
                        throw Invalid($"{field} at offset {at.ToString(CultureInfo.InvariantCulture)} is padded with zero bytes (TorchSharp writes the shortest form)");
                    return value;
                }
                if (i == 8)
                    throw Invalid($"{field} at offset {at.ToString(CultureInfo.InvariantCulture)} runs past 9 bytes (above 2⁶³ − 1)");
            }
        }

        /// <summary>A .NET BinaryWriter string: 7-bit-encoded int32 byte count, then strict UTF-8.</summary>
        public string Name()
        {
            long at = stream.Position, length = 0;
            for (int i = 0; ; i++)
            {
                int b = Byte("the name's length");
                length |= (long)(b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0)
                {
                    if (b == 0 && i > 0)
                        throw Invalid($"the name's length at offset {at.ToString(CultureInfo.InvariantCulture)} is padded with zero bytes");
                    break;
                }
                if (i == 4)
                    throw Invalid($"the name's length at offset {at.ToString(CultureInfo.InvariantCulture)} runs past 5 bytes");
            }
            if (length == 0)
                throw Invalid("the name is empty");
            if (length > MaxNameBytes)
                throw Invalid($"the name claims {length.ToString(CultureInfo.InvariantCulture)} bytes, above the {MaxNameBytes} a checkpoint name may have");
            long left = stream.Length - stream.Position;
            if (length > left)
                throw Invalid($"the name claims {length.ToString(CultureInfo.InvariantCulture)} bytes but only {left.ToString(CultureInfo.InvariantCulture)} are left in the file");
            long start = stream.Position;
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw Invalid($"the name at offset {at.ToString(CultureInfo.InvariantCulture)} is not valid UTF-8 (byte 0x{(e.BytesUnknown is { Length: > 0 } u ? u[0] : 0):X2} at offset {(start + e.Index).ToString(CultureInfo.InvariantCulture)})");
            }
        }

        /// <summary>Bool elements are bytes 0 or 1; anything else is not a bool libtorch ever wrote.</summary>
        public void CheckBooleans(long count)
        {
            var buffer = new byte[(int)Math.Min(count, 1 << 16)];
            for (long done = 0; done < count;)
            {
                int n = (int)Math.Min(buffer.Length, count - done);
                stream.ReadExactly(buffer, 0, n);
                int bad = buffer.AsSpan(0, n).IndexOfAnyExcept((byte)0, (byte)1);
                if (bad >= 0)
                    throw Invalid($"bool element {(done + bad).ToString(CultureInfo.InvariantCulture)} is {buffer[bad].ToString(CultureInfo.InvariantCulture)} (bools are stored as 0 or 1)");
                done += n;
            }
        }
    }
}
