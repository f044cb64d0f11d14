namespace HyperGen;

/// <summary>How a generated hypernet's <c>ResetParameters</c> initialises its output heads.</summary>
public enum HeadInit
{
    /// <summary>Hyperfan init (the class's <see cref="HypernetAttribute.Init"/> mode). The right choice.</summary>
    Hyperfan,
    /// <summary>Xavier-uniform applied naively to each head as if it were an ordinary layer (for comparisons only).</summary>
    Xavier,
    /// <summary>Kaiming-uniform (fan-in, ReLU) applied naively to each head (for comparisons only).</summary>
    Kaiming,
}
