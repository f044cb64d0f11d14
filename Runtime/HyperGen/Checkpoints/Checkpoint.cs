using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>
/// Saving and loading modules in TorchSharp's own state-dict format (what <c>module.save</c> writes), safely:
/// a save never leaves a half-written file where the old one was, and a load that does not fit leaves the
/// model exactly as it was. TorchSharp's own <c>load</c> overwrites tensors one by one and can stop half-way.
/// </summary>
public static class Checkpoint
{
    /// <summary>
    /// Writes <paramref name="module"/>'s state dict to <paramref name="path"/>: first to a temporary file beside
    /// it, then renamed over it, so an interrupted save never destroys the previous checkpoint.
    /// </summary>
    public static void Save(this nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            module.save(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>
    /// Loads a checkpoint written by <see cref="Save"/> (or <c>module.save</c>) into <paramref name="module"/>. Every
    /// name, shape and element type is checked before anything is copied: if the checkpoint does not fit, nothing
    /// changes and the exception names the first mismatch.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a TorchSharp checkpoint, or is truncated.</exception>
    /// <exception cref="ArgumentException">The checkpoint holds other tensors or shapes than the module.</exception>
    public static void Load(this nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"No checkpoint at '{path}'.", path);

        var loaded = Read(path);
        try
        {
            var state = module.state_dict();
            var optional = OptionalEntries(module);
            Check(module, path, state, loaded, optional);
            using (no_grad())
                foreach (var (name, target) in state)
                    if (loaded.TryGetValue(name, out var source))
                        target.copy_(source);
            foreach (var (name, whenMissing) in optional)
                if (!loaded.ContainsKey(name))
                    whenMissing();
        }
        finally
        {
            foreach (var tensor in loaded.Values)
                tensor.Dispose();
        }
    }

    static Dictionary<string, Tensor> Read(string path)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            long count = reader.Read7BitEncodedInt64(); // LEB128, as TorchSharp writes it
            if (count < 0 || count > stream.Length)
                throw new InvalidDataException($"'{path}' is not a TorchSharp checkpoint (it claims {count} tensors).");
            for (long i = 0; i < count; i++)
            {
                string name = reader.ReadString();
                tensors[name] = TensorExtensionMethods.Load(reader);
            }
            return tensors;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ExternalException or ArgumentException or OverflowException or NotImplementedException)
        {
            foreach (var tensor in tensors.Values)
                tensor.Dispose();
            if (e is InvalidDataException)
                throw;
            throw new InvalidDataException($"'{path}' is not a readable TorchSharp checkpoint (truncated or another format): {e.Message}", e);
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

    static void Check(nn.Module module, string path, Dictionary<string, Tensor> state, Dictionary<string, Tensor> loaded, Dictionary<string, Action> optional)
    {
        string model = module.GetName();
        var missing = state.Keys.Where(k => !loaded.ContainsKey(k) && !optional.ContainsKey(k)).ToList();
        var unexpected = loaded.Keys.Where(k => !state.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new ArgumentException(
                $"Checkpoint '{path}' does not fit {model}: " +
                (missing.Count > 0 ? $"missing {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", …" : "")}" : "") +
                (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") +
                (unexpected.Count > 0 ? $"unexpected {string.Join(", ", unexpected.Take(5))}{(unexpected.Count > 5 ? ", …" : "")}" : "") +
                ". The model was left unchanged.", nameof(path));
        foreach (var (name, target) in state)
        {
            if (!loaded.TryGetValue(name, out var source))
                continue;
            if (!source.shape.SequenceEqual(target.shape))
                throw new ArgumentException(
                    $"Checkpoint '{path}' does not fit {model}: '{name}' is [{string.Join(", ", source.shape)}] in the file but " +
                    $"[{string.Join(", ", target.shape)}] in the model. The model was left unchanged.", nameof(path));
            if (source.dtype != target.dtype)
                throw new ArgumentException(
                    $"Checkpoint '{path}' does not fit {model}: '{name}' is {source.dtype} in the file but {target.dtype} in the model. " +
                    "The model was left unchanged.", nameof(path));
        }
    }
}
