using System;
using System.Text;

namespace HyperGen.Generators.Helpers;

/// <summary>
/// An indenting text writer (after dotnet/runtime's SourceWriter): cheaper than SyntaxFactory + NormalizeWhitespace.
/// <see cref="Block"/> takes a multi-line template — a raw string literal laid out like the output — and indents it
/// at the current level, so the emitter reads like the code it writes.
/// </summary>
internal sealed class SourceWriter
{
    readonly StringBuilder _sb = new();
    int _indent;

    /// <summary>One line at the current indentation (an empty line stays empty).</summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
            _sb.Append(' ', _indent * 4).Append(text);
        _sb.Append('\n');
        return this;
    }

    /// <summary>
    /// Every line of <paramref name="template"/> at the current indentation, keeping the template's own relative
    /// indentation; whitespace-only lines become empty. Line endings are normalised to <c>\n</c>.
    /// </summary>
    public SourceWriter Block(string template)
    {
        int start = 0;
        while (start <= template.Length)
        {
            int end = template.IndexOf('\n', start);
            if (end < 0) end = template.Length;
            string line = template.Substring(start, end - start).TrimEnd('\r');
            Line(line.Trim().Length == 0 ? "" : line);
            start = end + 1;
        }
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace, and indents what follows.</summary>
    public SourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Closes the innermost <see cref="Open"/>.</summary>
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
