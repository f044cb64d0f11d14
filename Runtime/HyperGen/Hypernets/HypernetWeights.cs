using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace HyperGen;

/// <summary>
/// The base of every generated <c>Weights</c> class: the generated tensors in definition order, which the generated
/// class exposes as one typed property each.
/// </summary>
public abstract class HypernetWeights
{
    readonly Tensor[] _tensors;
    readonly HypernetDefinition _definition;

    /// <summary>Wraps one tensor per target of <paramref name="definition"/>, in order.</summary>
    /// <exception cref="ArgumentException">Not one tensor per target, or a null tensor.</exception>
    protected HypernetWeights(HypernetDefinition definition, params Tensor[] tensors)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Length != definition.Targets.Count)
            throw new ArgumentException($"{definition.Name} generates {definition.Targets.Count} tensors; got {tensors.Length}.", nameof(tensors));
        int missing = Array.FindIndex(tensors, t => t is null);
        if (missing >= 0)
            throw new ArgumentNullException(nameof(tensors), $"{definition.Name}: the tensor for {definition.Targets[missing].Name} is null.");
        _definition = definition;
        _tensors = tensors;
    }

    /// <summary>The tensors, in definition (Targets) order.</summary>
    public IReadOnlyList<Tensor> Tensors => _tensors;

    /// <summary>Every generated tensor with its name, in Targets order.</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> Named() =>
        _tensors.Select((t, i) => new KeyValuePair<string, Tensor>(_definition.Targets[i].Name, t));
}
