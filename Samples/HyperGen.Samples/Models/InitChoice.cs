using System;
using System.Collections.Generic;
using HyperGen;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperGen.Samples.Models;

/// <summary>The head initialisations the samples compare.</summary>
public enum InitChoice
{
    /// <summary>Hyperfan-in with the expected head-input moment V_e (the paper's formula).</summary>
    HyperfanIn,
    /// <summary>Hyperfan-out with the expected V_e.</summary>
    HyperfanOut,
    /// <summary>The harmonic mean of hyperfan-in and -out, with the expected V_e.</summary>
    Harmonic,
    /// <summary>Hyperfan-in with V_e calibrated on the realised head inputs (HyperGen's default).</summary>
    Calibrated,
    /// <summary>Xavier-uniform applied to every head as if it were an ordinary layer.</summary>
    Xavier,
    /// <summary>Kaiming-uniform (fan-in, ReLU) applied to every head as if it were an ordinary layer.</summary>
    Kaiming,
}

/// <summary>Names and parsing of <see cref="InitChoice"/> as the command line spells them.</summary>
public static class InitChoices
{
    /// <summary>Every choice, in the order tables and plots show them.</summary>
    public static IReadOnlyList<InitChoice> All { get; } = Enum.GetValues<InitChoice>();

    /// <summary>The command-line name: <c>hyperfan-in</c>, <c>hyperfan-out</c>, <c>harmonic</c>, <c>calibrated</c>, <c>xavier</c>, <c>kaiming</c>.</summary>
    public static string Name(this InitChoice init) => init switch
    {
        InitChoice.HyperfanIn => "hyperfan-in",
        InitChoice.HyperfanOut => "hyperfan-out",
        InitChoice.Harmonic => "harmonic",
        InitChoice.Calibrated => "calibrated",
        InitChoice.Xavier => "xavier",
        InitChoice.Kaiming => "kaiming",
        _ => throw new ArgumentOutOfRangeException(nameof(init), init, null),
    };

    /// <summary>A label for tables and legends.</summary>
    public static string Label(this InitChoice init) => init switch
    {
        InitChoice.HyperfanIn => "hyperfan-in",
        InitChoice.HyperfanOut => "hyperfan-out",
        InitChoice.Harmonic => "hyperfan harmonic",
        InitChoice.Calibrated => "hyperfan-in, calibrated V_e",
        InitChoice.Xavier => "Xavier on heads",
        InitChoice.Kaiming => "Kaiming on heads",
        _ => throw new ArgumentOutOfRangeException(nameof(init), init, null),
    };

    /// <summary>Whether the choice is a hyperfan variant.</summary>
    public static bool IsHyperfan(this InitChoice init) => init is not (InitChoice.Xavier or InitChoice.Kaiming);

    /// <summary>Parses a command-line name (case-insensitive); null when unknown.</summary>
    public static InitChoice? Parse(string name)
    {
        foreach (var init in All)
            if (string.Equals(init.Name(), name.Trim(), StringComparison.OrdinalIgnoreCase))
                return init;
        return null;
    }
}

/// <summary>
/// A generated hypernet the init comparison can re-initialise and inspect. The generated classes already have every
/// member but <see cref="Reset"/>, which maps an <see cref="InitChoice"/> onto them in this one place.
/// </summary>
public interface IComparableHypernet : IDisposable, IHypernet
{
    /// <summary>Generates the weights and runs the mainnet.</summary>
    Tensor forward(Tensor x);

    /// <summary>Re-initialises every hypernet parameter with <paramref name="init"/>.</summary>
    void Reset(InitChoice init)
    {
        switch (init)
        {
            case InitChoice.HyperfanIn: ResetParameters(HyperfanMode.In, calibrate: false); break;
            case InitChoice.HyperfanOut: ResetParameters(HyperfanMode.Out, calibrate: false); break;
            case InitChoice.Harmonic: ResetParameters(HyperfanMode.Harmonic, calibrate: false); break;
            case InitChoice.Calibrated: ResetParameters(HyperfanMode.In, calibrate: true); break;
            // The samples' only use of classical init on the heads.
            case InitChoice.Xavier: HypernetParts.InitHeadsClassically(this, HeadInit.Xavier); break;
            case InitChoice.Kaiming: HypernetParts.InitHeadsClassically(this, HeadInit.Kaiming); break;
            default: throw new ArgumentOutOfRangeException(nameof(init), init, null);
        }
    }
}

public partial class MnistHypernet : IComparableHypernet;

public partial class ConvHypernet : IComparableHypernet;
