using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperGen.Optim;

/// <summary>
/// <see cref="HyperAdam"/>'s state file: every group's options and every parameter's step count and moments. Written
/// to a temporary file beside the target, flushed to disk and renamed over it, so an interrupted save never destroys the
/// previous file. Read completely and checked against the optimiser (group and parameter counts, shapes, element
/// types, option ranges, exact length) before anything is copied, so a file that does not fit changes nothing.
/// Tensor headers are parsed here, never handed to TorchSharp's reader (which trusts them).
/// </summary>
internal static class OptimizerStateFile
{
    static readonly byte[] Magic = "HGADAM\r\n"u8.ToArray();
    const int Version = 1;
    /// <summary>Tensor data moves through a buffer of this many bytes at most (tensors may exceed a span's 2 GiB).</summary>
    const int Block = 1 << 24;

    public static void Save(HyperAdam optimizer, string path) =>
        AtomicFile.Write(path, "the optimiser state", stream =>
        {
            using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
            Write(optimizer, writer);
        });

    static void Write(HyperAdam optimizer, BinaryWriter writer)
    {
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(optimizer.Groups.Count);
        foreach (var group in optimizer.Groups)
        {
            var o = (Adam.Options)group.Options;
            writer.Write(o.LearningRate!.Value);
            writer.Write(o.InitialLearningRate);
            writer.Write(o.beta1!.Value);
            writer.Write(o.beta2!.Value);
            writer.Write(o.eps!.Value);
            writer.Write(o.weight_decay!.Value);
            writer.Write(o.amsgrad!.Value);
            writer.Write(o.maximize!.Value);
            writer.Write(group.Parameters.Count());
        }
        foreach (var (_, state) in optimizer.Entries)
        {
            writer.Write(state.step);
            writer.Write(state.max_exp_avg_sq is not null);
            WriteTensor(writer, state.exp_avg);
            WriteTensor(writer, state.exp_avg_sq);
            if (state.max_exp_avg_sq is not null)
                WriteTensor(writer, state.max_exp_avg_sq);
        }
    }

    static void WriteTensor(BinaryWriter writer, Tensor tensor)
    {
        writer.Write((int)tensor.dtype);
        writer.Write((int)tensor.dim());
        foreach (long size in tensor.shape)
            writer.Write(size);
        using var scope = NewDisposeScope();
        var flat = tensor.detach().cpu().contiguous().view(-1);
        long perBlock = Block / flat.element_size();
        for (long start = 0; start < flat.numel(); start += perBlock)
            writer.Write(flat.narrow(0, start, Math.Min(perBlock, flat.numel() - start)).bytes);
    }

    public static void Load(HyperAdam optimizer, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new IOException($"Cannot load optimiser state from '{path}': that is a folder. The optimiser was left unchanged.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"No optimiser state at '{path}'. The optimiser was left unchanged.", path);
        var loaded = new List<(long Step, Tensor ExpAvg, Tensor ExpAvgSq, Tensor? Max)>();
        try
        {
            Adam.Options[] options;
            using (var stream = ReadableFile.Open(path, ("the optimiser state", "The optimiser")))
            using (var reader = new BinaryReader(stream, Encoding.UTF8))
                options = Read(optimizer, path, reader, loaded);
            Apply(optimizer, options, loaded);
        }
        finally
        {
            foreach (var (_, avg, avgSq, max) in loaded)
            {
                avg.Dispose();
                avgSq.Dispose();
                max?.Dispose();
            }
        }
    }

    static Adam.Options[] Read(HyperAdam optimizer, string path, BinaryReader reader, List<(long, Tensor, Tensor, Tensor?)> loaded)
    {
        var stream = reader.BaseStream;
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw Bad(path, "it is not a HyperAdam state file (no HGADAM header)");
            int version = reader.ReadInt32();
            if (version != Version)
                throw Bad(path, $"it has format version {version}; this HyperGen reads version {Version}");
            int groups = reader.ReadInt32();
            if (groups != optimizer.Groups.Count)
                throw Mismatch(path, $"the file has {groups} parameter group(s), the optimiser {optimizer.Groups.Count}");
            var options = new Adam.Options[groups];
            for (int g = 0; g < groups; g++)
            {
                var o = options[g] = new Adam.Options
                {
                    LearningRate = reader.ReadDouble(), InitialLearningRate = reader.ReadDouble(), beta1 = reader.ReadDouble(),
                    beta2 = reader.ReadDouble(), eps = reader.ReadDouble(), weight_decay = reader.ReadDouble(),
                    amsgrad = reader.ReadBoolean(), maximize = reader.ReadBoolean(),
                };
                try
                {
                    HyperAdam.Validate(o, $" (parameter group {g})");
                    Guard.NonNegativeFinite(o.InitialLearningRate, $"initial lr (parameter group {g})");
                }
                catch (ArgumentOutOfRangeException e)
                {
                    throw Bad(path, e.Message);
                }
                int count = reader.ReadInt32();
                int expected = optimizer.Groups[g].Parameters.Count();
                if (count != expected)
                    throw Mismatch(path, $"parameter group {g} has {count} parameter(s) in the file, {expected} in the optimiser");
            }
            int index = 0;
            foreach (var (param, _) in optimizer.Entries)
            {
                long step = reader.ReadInt64();
                if (step < 0)
                    throw Bad(path, $"parameter {index} has a negative step count ({step})");
                bool hasMax = reader.ReadBoolean();
                int group = GroupOf(optimizer, index);
                if (hasMax != options[group].amsgrad)
                    throw Bad(path, $"parameter {index} {(hasMax ? "has" : "lacks")} an AMSGrad maximum but its group has amsgrad = {options[group].amsgrad}");
                var avg = ReadTensor(reader, param, path, $"parameter {index}'s exp_avg");
                Tensor? avgSq = null, max = null;
                try
                {
                    avgSq = ReadTensor(reader, param, path, $"parameter {index}'s exp_avg_sq");
                    if (hasMax)
                        max = ReadTensor(reader, param, path, $"parameter {index}'s max_exp_avg_sq");
                }
                catch
                {
                    avg.Dispose();
                    avgSq?.Dispose();
                    throw;
                }
                loaded.Add((step, avg, avgSq, max));
                index++;
            }
            if (stream.Position != stream.Length)
                throw Bad(path, $"{stream.Length - stream.Position} unexpected byte(s) follow the last tensor");
            return options;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"'{path}' is not a complete HyperAdam state file (it ends early). The optimiser was left unchanged.", e);
        }
    }

    static int GroupOf(HyperAdam optimizer, int index)
    {
        for (int g = 0; g < optimizer.Groups.Count; g++)
        {
            int count = optimizer.Groups[g].Parameters.Count();
            if (index < count)
                return g;
            index -= count;
        }
        throw new InvalidOperationException("Parameter index beyond every group.");
    }

    static Tensor ReadTensor(BinaryReader reader, Parameter param, string path, string what)
    {
        int dtype = reader.ReadInt32();
        if (dtype != (int)param.dtype)
            throw Mismatch(path, $"{what} is {Describe(dtype)} in the file but the parameter is {param.dtype}");
        int rank = reader.ReadInt32();
        if (rank != param.dim())
            throw Mismatch(path, $"{what} has {rank} dimension(s) in the file, the parameter [{string.Join(", ", param.shape)}]");
        var shape = new long[rank];
        for (int d = 0; d < rank; d++)
            shape[d] = reader.ReadInt64();
        if (!shape.SequenceEqual(param.shape))
            throw Mismatch(path, $"{what} is [{string.Join(", ", shape)}] in the file but the parameter is [{string.Join(", ", param.shape)}]");
        long bytes = param.numel() * param.element_size();
        var stream = reader.BaseStream;
        if (stream.Length - stream.Position < bytes)
            throw new EndOfStreamException();
        var tensor = torch.empty(shape, param.dtype, CPU).DetachFromDisposeScope();
        using var flat = tensor.view(-1);
        long perBlock = Block / tensor.element_size();
        for (long start = 0; start < flat.numel(); start += perBlock)
        {
            using var part = flat.narrow(0, start, Math.Min(perBlock, flat.numel() - start));
            reader.BaseStream.ReadExactly(part.bytes);
        }
        return tensor;

        static string Describe(int code) => Enum.IsDefined(typeof(ScalarType), (sbyte)code) && code is >= sbyte.MinValue and <= sbyte.MaxValue
            ? ((ScalarType)code).ToString() : $"an unknown element type (code {code})";
    }

    static void Apply(HyperAdam optimizer, Adam.Options[] options, List<(long Step, Tensor ExpAvg, Tensor ExpAvgSq, Tensor? Max)> loaded)
    {
        for (int g = 0; g < options.Length; g++)
            ((Adam.Options)optimizer.Groups[g].Options).LoadStateDict(options[g]);
        using var _ = no_grad();
        for (int i = 0; i < loaded.Count; i++)
        {
            var state = optimizer.Entries[i].State;
            var (step, avg, avgSq, max) = loaded[i];
            state.exp_avg.copy_(avg);
            state.exp_avg_sq.copy_(avgSq);
            if (max is null)
            {
                state.max_exp_avg_sq?.Dispose();
                state.max_exp_avg_sq = null;
            }
            else
            {
                state.max_exp_avg_sq ??= torch.zeros_like(state.exp_avg_sq).DetachFromDisposeScope();
                state.max_exp_avg_sq.copy_(max);
            }
            state.step = step;
        }
    }

    static InvalidDataException Bad(string path, string why) =>
        new($"'{path}' is not a valid HyperAdam state file: {why}. The optimiser was left unchanged.");

    static ArgumentException Mismatch(string path, string why) =>
        new($"Optimiser state '{path}' does not fit this optimiser: {why}. The optimiser was left unchanged.", nameof(path));
}
