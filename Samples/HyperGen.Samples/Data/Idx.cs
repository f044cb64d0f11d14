using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace HyperGen.Samples.Data;

/// <summary>Reads the IDX format of MNIST and Fashion-MNIST (gzip-compressed or not, detected by content).</summary>
public static class Idx
{
    /// <summary>An IDX file's content: its dimensions and its bytes (unsigned 8-bit data only).</summary>
    public sealed record Content(int[] Dimensions, byte[] Data);

    /// <summary>Reads <paramref name="path"/>; gzip is detected by its magic bytes, not by the name.</summary>
    /// <exception cref="InvalidDataException">Not an unsigned-byte IDX file, or truncated; the message names the file.</exception>
    public static Content Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    /// <summary>Reads an IDX stream (gzip or plain). <paramref name="name"/> is used in error messages.</summary>
    public static Content Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int got = buffered.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        if (got < 2)
            throw new InvalidDataException($"{name}: the file is empty or too short to be an IDX file.");
        // Put the two bytes back by rewinding when we can, or by chaining them in front of the rest.
        Stream raw = buffered.CanSeek ? Rewind(buffered, got) : new PrefixStream(magic.ToArray(), buffered);
        bool gzip = magic[0] == 0x1f && magic[1] == 0x8b;
        using Stream body = gzip ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        try
        {
            return ReadBody(body, name);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: {e.Message}", e);
        }
    }

    static Stream Rewind(Stream s, int by)
    {
        s.Seek(-by, SeekOrigin.Current);
        return s;
    }

    static Content ReadBody(Stream body, string name)
    {
        Span<byte> header = stackalloc byte[4];
        ReadExactly(body, header, name, "the header");
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"{name}: not an IDX file (the magic number must start with two zero bytes; got {header[0]:x2} {header[1]:x2}).");
        if (header[2] != 0x08)
            throw new InvalidDataException($"{name}: only unsigned-byte IDX data (type 0x08) is supported; got type 0x{header[2]:x2}.");
        int rank = header[3];
        if (rank is < 1 or > 4)
            throw new InvalidDataException($"{name}: an IDX file with {rank} dimensions is not MNIST-format data.");
        var dims = new int[rank];
        long count = 1;
        Span<byte> dim = stackalloc byte[4];
        for (int i = 0; i < rank; i++)
        {
            ReadExactly(body, dim, name, $"dimension {i}");
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dim);
            if (dims[i] <= 0)
                throw new InvalidDataException($"{name}: dimension {i} is {dims[i]}.");
            count = checked(count * dims[i]);
        }
        if (count > Array.MaxLength)
            throw new InvalidDataException($"{name}: {count} elements is too large.");
        var data = new byte[count];
        ReadExactly(body, data, name, "the data");
        return new Content(dims, data);
    }

    static void ReadExactly(Stream s, Span<byte> into, string name, string what)
    {
        int n = s.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
        if (n < into.Length)
            throw new InvalidDataException($"{name}: the file ends inside {what} (read {n} of {into.Length} bytes); it is truncated.");
    }

    /// <summary>A read-only stream that yields a few bytes and then the rest of another stream.</summary>
    sealed class PrefixStream(byte[] prefix, Stream rest) : Stream
    {
        int _at;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            if (_at < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _at);
                prefix.AsSpan(_at, n).CopyTo(buffer);
                _at += n;
                return n;
            }
            return rest.Read(buffer);
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing)
                rest.Dispose();
            base.Dispose(disposing);
        }
    }
}
