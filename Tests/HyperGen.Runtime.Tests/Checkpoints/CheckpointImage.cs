using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace HyperGen.Runtime.Tests.Checkpoints;

/// <summary>
/// A checkpoint as the bytes of each of its fields, written independently of TorchSharp and of the loader under test,
/// so a test can make any single field lie. <see cref="CheckpointFormatTests"/> pins that an unmodified image is
/// byte-for-byte what <c>module.save</c> writes.
/// </summary>
internal sealed class CheckpointImage
{
    public byte[] Count = [];
    public List<EntryImage> Entries = [];
    public byte[] Trailing = [];

    public static CheckpointImage Of(nn.Module module)
    {
        var image = new CheckpointImage();
        foreach (var (name, tensor) in module.state_dict())
        {
            using var cpu = tensor.detach().cpu().contiguous();
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            image.Entries.Add(new EntryImage
            {
                NameLength = Leb128.Encode((ulong)nameBytes.Length),
                Name = nameBytes,
                DType = Leb128.Encode((ulong)(long)cpu.dtype),
                Rank = Leb128.Encode((ulong)cpu.shape.Length),
                Dims = cpu.shape.Select(d => Leb128.Encode((ulong)d)).ToList(),
                Data = cpu.numel() == 0 ? [] : cpu.bytes.ToArray(),
            });
        }
        image.Count = Leb128.Encode((ulong)image.Entries.Count);
        return image;
    }

    public CheckpointImage Clone() => new()
    {
        Count = Count,
        Entries = Entries.Select(e => e.Clone()).ToList(),
        Trailing = Trailing,
    };

    public byte[] ToBytes()
    {
        var stream = new MemoryStream();
        stream.Write(Count);
        foreach (var e in Entries)
        {
            stream.Write(e.NameLength);
            stream.Write(e.Name);
            stream.Write(e.DType);
            stream.Write(e.Rank);
            foreach (var d in e.Dims)
                stream.Write(d);
            stream.Write(e.Data);
        }
        stream.Write(Trailing);
        return stream.ToArray();
    }
}

/// <summary>One tensor's fields, each as its encoded bytes.</summary>
internal sealed class EntryImage
{
    public byte[] NameLength = [], Name = [], DType = [], Rank = [], Data = [];
    public List<byte[]> Dims = [];

    public string NameText => Encoding.UTF8.GetString(Name);

    public EntryImage Clone() => new()
    {
        NameLength = NameLength, Name = Name, DType = DType, Rank = Rank, Data = Data, Dims = Dims.ToList(),
    };
}

/// <summary>Unsigned LEB128, including forms TorchSharp never writes (padded, or past 63 bits).</summary>
internal static class Leb128
{
    public static byte[] Encode(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        } while (value != 0);
        return bytes.ToArray();
    }

    /// <summary><paramref name="value"/> padded to <paramref name="length"/> bytes with continuation bits (same value, longer form).</summary>
    public static byte[] Padded(ulong value, int length)
    {
        var bytes = Encode(value).ToList();
        bytes[^1] |= 0x80;
        while (bytes.Count < length - 1)
            bytes.Add(0x80);
        bytes.Add(0x00);
        return bytes.ToArray();
    }
}
