using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>
/// Saving and loading modules in TorchSharp's own state-dict format (what <c>module.save</c> writes), safely: a save
/// never leaves a half-written file where the old one was, and a load never crashes the process and, whatever is
/// wrong with the file, leaves the model exactly as it was. TorchSharp's own <c>load</c> trusts the file (an unknown
/// element type kills the process in libtorch) and overwrites tensors one by one, stopping half-way on a mismatch.
/// The format and every check are described in docs/checkpoints.md.
/// </summary>
public static class Checkpoint
{
    /// <summary>
    /// Writes <paramref name="module"/>'s state dict to <paramref name="path"/>: first to a temporary file beside it,
    /// flushed to disk, then renamed over it, so a failed or interrupted save never destroys the previous checkpoint.
    /// A symbolic link is followed (the file it points to is replaced, the link stays); an existing file's Unix
    /// permissions are kept.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder cannot be written.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a folder, or writing failed (the disk is full…).</exception>
    /// <exception cref="ObjectDisposedException">The module is (or contains) a disposed HyperGen hypernet.</exception>
    /// <remarks>Every error message names <paramref name="path"/>, never the temporary file; the previous file is untouched.</remarks>
    public static void Save(this nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ThrowIfDisposed(module);
        AtomicFile.Write(path, "the checkpoint", stream =>
        {
            using var writer = new BinaryWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            WriteStateDict(module, writer);
        });
    }

    /// <summary>
    /// The bytes <c>module.save</c> writes — count, then name and tensor per entry — except that a non-contiguous tensor
    /// (a transposed or tied view) is written through a contiguous copy: TorchSharp's writer reads a tensor's raw
    /// bytes and refuses such tensors ("Bytes() called on non-contiguous tensor"), so a model holding one could not
    /// be saved at all.
    /// </summary>
    static void WriteStateDict(nn.Module module, BinaryWriter writer)
    {
        var state = module.state_dict();
        writer.Write7BitEncodedInt64(state.Count); // unsigned LEB128, as TorchSharp encodes it
        foreach (var (name, tensor) in state)
        {
            writer.Write(name);
            if (tensor.is_contiguous())
            {
                tensor.Save(writer);
                continue;
            }
            using var contiguous = tensor.contiguous();
            contiguous.Save(writer);
        }
    }

    /// <summary>
    /// A disposed module's tensors are freed and its state dict is empty: saving it would replace a good checkpoint with
    /// an empty one, loading would report every tensor as unexpected. HyperGen's hypernets know they were disposed.
    /// </summary>
    static void ThrowIfDisposed(nn.Module module)
    {
        foreach (var (_, m) in module.named_modules().Prepend(("", module)))
            if (m is IHypernetCoreOwner owner)
                owner.Core.ThrowIfDisposed();
    }

    /// <summary>
    /// Loads a checkpoint written by <see cref="Save"/> (or <c>module.save</c>) into <paramref name="module"/>. The whole
    /// file is validated first in managed code (counts, names, element types, shapes against the file's length, no
    /// trailing bytes), then every name, shape and element type is checked against the module, and only then are the
    /// tensors read and copied. On any failure nothing changes.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid TorchSharp checkpoint; the message names the file, the tensor (index and name) and the bad value.</exception>
    /// <exception cref="ArgumentException">The checkpoint is valid but holds other tensors, shapes or element types than the module.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a folder or cannot be read.</exception>
    /// <exception cref="ObjectDisposedException">The module is (or contains) a disposed HyperGen hypernet.</exception>
    public static void Load(this nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfDisposed(module);
        if (Directory.Exists(path))
            throw new IOException($"Cannot load a checkpoint from '{path}': that is a folder. The model was left unchanged.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint at '{path}'. The model was left unchanged.", path);

        using var stream = ReadableFile.Open(path, ("the checkpoint", "The model"));
        var entries = CheckpointFile.ReadIndex(stream, path);
        var state = module.state_dict();
        var optional = OptionalEntries(module);
        Check(module, path, state, entries, optional);

        var staged = new List<Tensor>(entries.Count);
        try
        {
            foreach (var entry in entries)
                staged.Add(ReadElements(stream, path, entry));
            using (no_grad())
                for (int i = 0; i < entries.Count; i++)
                    state[entries[i].Name].copy_(staged[i]);
            foreach (var (name, whenMissing) in optional)
                if (!entries.Any(e => e.Name == name))
                    whenMissing();
        }
        finally
        {
            foreach (var tensor in staged)
                tensor.Dispose();
        }
    }

    /// <summary>One tensor's elements into a new CPU tensor. Only shapes and types the model itself has get here.</summary>
    static Tensor ReadElements(Stream stream, string path, CheckpointEntry entry)
    {
        var tensor = empty(entry.Shape, entry.DType, CPU);
        if (entry.ByteLength == 0)
            return tensor;
        try
        {
            stream.Position = entry.DataOffset;
            tensor.ReadBytesFromStream(stream, bufferSize: 1 << 16);
            return tensor;
        }
        catch (EndOfStreamException e)
        {
            tensor.Dispose();
            throw new InvalidDataException(
                $"Checkpoint '{path}' changed while it was being read (tensor {entry.Index}, '{entry.Name}', ends early). The model was left unchanged.", e);
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    /// <summary>Entries of <paramref name="module"/> and its submodules that older checkpoints may lack (<see cref="IVersionedState"/>).</summary>
    static Dictionary<string, Action> OptionalEntries(nn.Module module)
    {
        var entries = new Dictionary<string, Action>(StringComparer.Ordinal);
        foreach (var (prefix, m) in module.named_modules().Prepend(("", module)))
            if (m is IVersionedState versioned)
                foreach (var (entry, whenMissing) in versioned.OptionalEntries)
                    entries[prefix.Length == 0 ? entry : prefix + "." + entry] = whenMissing;
        return entries;
    }

    static void Check(nn.Module module, string path, Dictionary<string, Tensor> state, IReadOnlyList<CheckpointEntry> entries, Dictionary<string, Action> optional)
    {
        string model = module.GetName();
        var inFile = entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var missing = state.Keys.Where(k => !inFile.Contains(k) && !optional.ContainsKey(k)).ToList();
        var unexpected = entries.Select(e => e.Name).Where(n => !state.ContainsKey(n)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException(
                $"Checkpoint '{path}' does not fit {model}: " +
                (missing.Count > 0 ? $"missing {List(missing)}" : "") +
                (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") +
                (unexpected.Count > 0 ? $"unexpected {List(unexpected)}" : "") +
                ". The model was left unchanged.", nameof(path));
        foreach (var entry in entries)
        {
            var target = state[entry.Name];
            if (!entry.Shape.SequenceEqual(target.shape))
                throw new ArgumentException(
                    $"Checkpoint '{path}' does not fit {model}: '{entry.Name}' is [{string.Join(", ", entry.Shape)}] in the file but " +
                    $"[{string.Join(", ", target.shape)}] in the model. The model was left unchanged.", nameof(path));
            if (entry.DType != target.dtype)
                throw new ArgumentException(
                    $"Checkpoint '{path}' does not fit {model}: '{entry.Name}' is {entry.DType} in the file but {target.dtype} in the model. " +
                    "The model was left unchanged.", nameof(path));
        }
    }

    static string List(List<string> names) =>
        string.Join(", ", names.Take(5).Select(n => "'" + n + "'")) + (names.Count > 5 ? string.Format(CultureInfo.InvariantCulture, ", … ({0} in all)", names.Count) : "");
}
