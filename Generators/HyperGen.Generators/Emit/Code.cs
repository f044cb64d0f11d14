using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HyperGen.Generators.Helpers;
using HyperGen.Generators.Spec;

namespace HyperGen.Generators.Emit;

/// <summary>Names and literals as generated source writes them: <c>global::</c>-qualified, invariant culture.</summary>
internal static class Code
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";
    public const string Functional = "global::TorchSharp.torch.nn.functional";
    public const string Hg = "global::HyperGen";

    /// <summary>A double that reads back exactly and always looks like one (<c>1.0</c>, not <c>1</c>).</summary>
    public static string Number(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains(".") || text.Contains("E") || text.Contains("N") || text.Contains("I") ? text : text + ".0";
    }

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>300, 784</c>.</summary>
    public static string Dims(IEnumerable<long> shape) => string.Join(", ", shape.Select(Int));

    /// <summary><c>300L, 784L</c>, for <c>params long[]</c> arguments.</summary>
    public static string Longs(IEnumerable<long> shape) => string.Join(", ", shape.Select(d => Int(d) + "L"));

    /// <summary>An identifier as C# source (keywords get an <c>@</c>).</summary>
    public static string Escape(string identifier) => Identifiers.Escape(identifier);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>A C# string literal of <paramref name="text"/>.</summary>
    public static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>
/// What every emitter part shares: the spec, the writer, and the rules of the surface-only mode (a class with
/// problems gets its public surface with bodies that throw, minus the members the user's code already declares).
/// </summary>
internal sealed class EmitContext(HypernetSpec spec, SourceWriter writer)
{
    public HypernetSpec Spec { get; } = spec;
    public SourceWriter W { get; } = writer;

    /// <summary>The class name as source.</summary>
    public string Type { get; } = Code.Escape(spec.TypeName);

    /// <summary>
    /// The class name as a string literal, for messages and the definition. Not <c>nameof(Net)</c>: a user member named
    /// <c>nameof</c> (in the class or a containing type) turns that into a call of it (CS0119 in generated code).
    /// </summary>
    public string NameLiteral { get; } = Code.Literal(spec.TypeName);

    /// <summary>The body every member of a surface-only class has.</summary>
    public string Throw => $"throw {Code.Hg}.HypernetDefinition.HasErrors({NameLiteral})";

    /// <summary>Whether the user's part already declares <paramref name="member"/> (a reported clash): then it is not written.</summary>
    public bool Omits(string member) => Spec.Omitted.Contains(member);

    /// <summary>An expression-bodied member with a one-line summary; in surface mode its body throws.</summary>
    public void Member(string name, string summary, string signature, string body)
    {
        if (Omits(name))
            return;
        W.Summary(summary);
        W.Line($"{signature} => {(Spec.SurfaceOnly ? Throw : body)};");
        W.Line();
    }
}
