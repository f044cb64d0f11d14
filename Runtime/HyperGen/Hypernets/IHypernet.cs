namespace HyperGen;

/// <summary>
/// What every generated hypernet is, whatever its form: its definition, how it was initialised, hyperfan
/// re-initialisation, and the init report. Implemented once, by the runtime bases the generated classes derive
/// from (<see cref="HypernetModule"/>, <see cref="TaskConditionedHypernetModule"/>, <see cref="InputConditionedHypernetModule"/>).
/// </summary>
public interface IHypernet
{
    /// <summary>The compile-time description of the hypernet: shapes, targets and settings.</summary>
    HypernetDefinition Definition { get; }

    /// <summary>How the current parameters were initialised; null when they were loaded from a checkpoint that does not record it.</summary>
    HypernetInit? Initialization { get; }

    /// <summary>Re-initialises every hypernet parameter with the class's hyperfan mode and calibration.</summary>
    void ResetParameters();

    /// <summary>Re-initialises every hypernet parameter with hyperfan init in <paramref name="mode"/>.</summary>
    /// <param name="mode">Hyperfan-in, hyperfan-out or harmonic.</param>
    /// <param name="calibrate">
    /// Use the realised head inputs as <c>V_e</c> (over every condition for the task-conditioned form, over 1024
    /// noise draws for the noise-conditioned one); the input-conditioned form always uses the declared
    /// <c>ConditionSecondMoment</c>, since its head inputs depend on data not known at init.
    /// </param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value; nothing changed.</exception>
    void ResetParameters(HyperfanMode mode, bool calibrate);

    /// <summary>Per generated tensor: shape, fans, and target, predicted and realised variance under the current parameters.</summary>
    InitReport InitReport();
}
