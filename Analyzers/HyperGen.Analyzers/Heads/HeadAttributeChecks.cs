using System;
using System.Globalization;
using System.Linq;
using HyperGen.Analyzers.Common;
using HyperGen.Generators.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HyperGen.Analyzers.Heads;

/// <summary>HG0021 (the attribute on something that is not a Linear) and HG0022 (an argument that cannot describe a head).</summary>
internal static class HeadAttributeChecks
{
    public static void Check(SymbolAnalysisContext context, KnownSymbols known)
    {
        var member = context.Symbol;
        var attribute = known.HeadAttribute(member);
        if (attribute is null)
            return;
        var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) as AttributeSyntax;
        var attributeLocation = syntax?.GetLocation() ?? member.Locations.FirstOrDefault() ?? Location.None;
        var memberType = member switch { IFieldSymbol f => f.Type, IPropertySymbol p => p.Type, _ => null };
        if (!known.IsLinear(memberType))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.For(ProblemKind.HeadAttributeOnNonLinear), attributeLocation,
                member.Name, memberType?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "member"));
            return;
        }

        var invalid = Descriptors.For(ProblemKind.InvalidHeadAttribute);
        void Report(Location? location, string argument, string value, string advice) =>
            context.ReportDiagnostic(Diagnostic.Create(invalid, location ?? attributeLocation, argument, member.Name, value, advice));

        var positional = syntax?.ArgumentList?.Arguments.Where(a => a.NameEquals is null && a.NameColon is null).ToList();
        if (attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0] is { Kind: TypedConstantKind.Array } array)
        {
            var dims = array.IsNull ? Enumerable.Empty<TypedConstant>().ToList() : array.Values.ToList();
            if (dims.Count == 0)
                Report(attributeLocation, "The layer weight shape", "empty", "give the mainnet layer's weight shape [out, in, kernel…], e.g. [HypernetHead(300, 784)]");
            else if (dims.Count > 5)
                Report(attributeLocation, "The layer weight shape", $"rank {dims.Count}", "a weight shape has 2 to 5 dimensions ([out, in, kernel…])");
            for (int i = 0; i < dims.Count; i++)
            {
                if (dims[i].Value is int d && d <= 0)
                {
                    var location = positional is not null && positional.Count == dims.Count ? positional[i].GetLocation() : attributeLocation;
                    Report(location, $"Dimension {i}", d.ToString(CultureInfo.InvariantCulture), "every dimension must be positive");
                }
            }
        }

        foreach (var named in attribute.NamedArguments)
        {
            var location = syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == named.Key)?.GetLocation();
            switch (named.Key)
            {
                case "Embedding" when named.Value.Value is int e && e < 0:
                    Report(location, "Embedding", e.ToString(CultureInfo.InvariantCulture), "it is the head's input width d_k and must be positive (0 leaves it unstated)");
                    break;
                case "EmbeddingSecondMoment" when named.Value.Value is double m && !(m > 0 && !double.IsInfinity(m)):
                    Report(location, "EmbeddingSecondMoment", m.ToString("R", CultureInfo.InvariantCulture), "E[e²] is a second moment: positive and finite (1 for U(−√3, √3) or N(0, 1) embeddings)");
                    break;
                case "NegativeSlope" when named.Value.Value is double s && (double.IsNaN(s) || double.IsInfinity(s)):
                    Report(location, "NegativeSlope", s.ToString("R", CultureInfo.InvariantCulture), "it must be a finite number");
                    break;
                case "Activation" when named.Value.Value is int a && !Enum.IsDefined(typeof(Activation), a):
                    Report(location, "Activation", a.ToString(CultureInfo.InvariantCulture), "expected one of " + string.Join(", ", Enum.GetNames(typeof(Activation))));
                    break;
                case "Role" when named.Value.Value is int r && !Enum.IsDefined(typeof(TensorRole), r):
                    Report(location, "Role", r.ToString(CultureInfo.InvariantCulture), "expected Weight or Bias");
                    break;
            }
        }
    }
}
