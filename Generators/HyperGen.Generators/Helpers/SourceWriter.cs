using System;
using System.Text;

namespace HyperGen.Generators.Helpers;

/// <summary>An indenting text writer (after dotnet/runtime's SourceWriter): cheaper than SyntaxFactory + NormalizeWhitespace.</summary>
internal sealed class SourceWriter
{
    readonly StringBuilder _sb = new();
    int _indent;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
            _sb.Append(' ', _indent * 4).Append(text);
        _sb.Append('\n');
        return this;
    }

    public SourceWriter Open(string text)
    {
        Line(text);
        Line("{");
        _indent++;
        return this;
    }

    public SourceWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>Writes an XML doc summary, escaping the text.</summary>
    public SourceWriter Summary(string text) => Line("/// <summary>" + Xml(text) + "</summary>");

    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public override string ToString() => _sb.ToString();
}
