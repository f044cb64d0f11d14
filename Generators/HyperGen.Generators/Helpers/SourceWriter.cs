using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace HyperGen.Generators.Helpers;

/// <summary>
/// An indenting text writer (after dotnet/runtime's SourceWriter): cheaper than SyntaxFactory + NormalizeWhitespace.
/// <see cref="Block(ref BlockHandler)"/> takes a multi-line template — a raw string literal laid out like the output — and
/// indents it at the current level, so the emitter reads like the code it writes.
/// </summary>
/// <remarks>
/// Interpolated <see cref="Line(ref LineHandler)"/> and <see cref="Block(ref BlockHandler)"/> arguments are written straight
/// into the writer's buffer (C# interpolated string handlers): on netstandard2.0 an ordinary interpolation is a
/// <c>string.Format</c> call that boxes its numbers and allocates the whole line, and emitting was a sixth of a cold
/// generator run. Numbers are written in the invariant culture. One buffer per thread is reused from file to file.
/// </remarks>
internal sealed class SourceWriter
{
    [ThreadStatic] static StringBuilder? s_buffer, s_scratch;
    [ThreadStatic] static char[]? s_chars;

    readonly StringBuilder _sb;
    /// <summary>Where a <see cref="BlockHandler"/> formats its template before it is split into lines.</summary>
    internal readonly StringBuilder Scratch;
    internal int Indent;
    char[] _chars;

    public SourceWriter()
    {
        // Taken from the thread (and given back by ToString): the generator emits one file after another on one thread.
        _sb = s_buffer ?? new StringBuilder(16 * 1024);
        Scratch = s_scratch ?? new StringBuilder(4 * 1024);
        _chars = s_chars ?? new char[4 * 1024];
        s_buffer = s_scratch = null;
        s_chars = null;
        _sb.Clear();
        Scratch.Clear();
    }

    internal StringBuilder Builder => _sb;

    /// <summary>One line at the current indentation (an empty line stays empty).</summary>
    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
            _sb.Append(' ', Indent * 4).Append(text);
        _sb.Append('\n');
        return this;
    }

    /// <summary>One interpolated line at the current indentation, formatted in place.</summary>
    public SourceWriter Line([InterpolatedStringHandlerArgument("")] ref LineHandler line)
    {
        line.End();
        return this;
    }

    /// <summary>The current indentation, to begin a line that <see cref="Append(ref TextHandler)"/> goes on and <see cref="EndLine"/> ends.</summary>
    public SourceWriter StartLine()
    {
        _sb.Append(' ', Indent * 4);
        return this;
    }

    /// <summary>Ends a line begun with <see cref="StartLine"/>, after <paramref name="tail"/>.</summary>
    public SourceWriter EndLine(string tail = "")
    {
        _sb.Append(tail).Append('\n');
        return this;
    }

    /// <summary>Text in the middle of a line (no indentation, no line end), formatted in place: for lines with lists in them.</summary>
    public SourceWriter Append([InterpolatedStringHandlerArgument("")] ref TextHandler text) => this;

    /// <summary><c>300, 784</c>: a shape's dimensions, invariant.</summary>
    public SourceWriter AppendDims(EquatableArray<long> shape, int skip = 0)
    {
        for (int i = skip; i < shape.Count; i++)
        {
            if (i > skip) _sb.Append(", ");
            AppendInvariant(_sb, shape[i]);
        }
        return this;
    }

    /// <summary>
    /// Every line of <paramref name="template"/> at the current indentation, keeping the template's own relative
    /// indentation; whitespace-only lines become empty. Line endings are normalised to <c>\n</c>.
    /// </summary>
    public SourceWriter Block(string template)
    {
        Scratch.Clear().Append(template);
        return WriteScratchLines();
    }

    /// <summary><see cref="Block(string)"/> of an interpolated template, formatted without an intermediate string.</summary>
    public SourceWriter Block([InterpolatedStringHandlerArgument("")] ref BlockHandler template) => WriteScratchLines();

    SourceWriter WriteScratchLines()
    {
        int length = Scratch.Length;
        if (_chars.Length < length)
            _chars = new char[Math.Max(length, 2 * _chars.Length)];
        Scratch.CopyTo(0, _chars, 0, length);
        Scratch.Clear();
        var text = _chars;
        int start = 0;
        while (start <= length)
        {
            int end = Array.IndexOf(text, '\n', start, length - start);
            if (end < 0) end = length;
            int stop = end;
            while (stop > start && text[stop - 1] == '\r') stop--;
            int first = start;
            while (first < stop && char.IsWhiteSpace(text[first])) first++;
            if (first < stop) // whitespace-only lines become empty
                _sb.Append(' ', Indent * 4).Append(text, start, stop - start);
            _sb.Append('\n');
            start = end + 1;
        }
        return this;
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace, and indents what follows.</summary>
    public SourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        Indent++;
        return this;
    }

    /// <summary>Closes the innermost <see cref="Open"/>.</summary>
    public SourceWriter Close(string suffix = "")
    {
        Indent--;
        return Line("}" + suffix);
    }

    /// <summary>Writes an XML doc summary, escaping the text.</summary>
    public SourceWriter Summary(string text) => Line("/// <summary>" + Xml(text) + "</summary>");

    public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>
    /// The text written so far. The writer's buffers go back to the thread for the next file, unless a very large file
    /// grew them: the compiler server and the IDE live long, and a thread should not hold megabytes for one odd class.
    /// </summary>
    public override string ToString()
    {
        string text = _sb.ToString();
        if (_sb.Capacity <= MaxKeptChars && Scratch.Capacity <= MaxKeptChars && _chars.Length <= MaxKeptChars)
        {
            s_buffer = _sb;
            s_scratch = Scratch;
            s_chars = _chars;
        }
        return text;
    }

    const int MaxKeptChars = 256 * 1024;

    /// <summary>Appends a number as C# source: invariant digits, whatever the thread's culture.</summary>
    internal static void AppendInvariant(StringBuilder sb, long value)
    {
        if (value < 0)
        {
            if (value == long.MinValue)
            {
                sb.Append(value.ToString(CultureInfo.InvariantCulture));
                return;
            }
            sb.Append('-');
            value = -value;
        }
        long power = 1;
        while (value / power >= 10) power *= 10;
        for (; power > 0; power /= 10)
            sb.Append((char)('0' + value / power % 10));
    }

    internal static void AppendFormattedValue<T>(StringBuilder sb, T value, string? format = null)
    {
        if (format is not null && value is IFormattable formattable)
        {
            sb.Append(formattable.ToString(format, CultureInfo.InvariantCulture));
            return;
        }
        switch (value)
        {
            case string s: sb.Append(s); break;
            case int i: AppendInvariant(sb, i); break;
            case long l: AppendInvariant(sb, l); break;
            case IFormattable f: sb.Append(f.ToString(null, CultureInfo.InvariantCulture)); break;
            case null: break;
            default: sb.Append(value.ToString()); break;
        }
    }
}

/// <summary>Formats an interpolated <see cref="SourceWriter.Line(ref LineHandler)"/> straight into the writer, indented.</summary>
[InterpolatedStringHandler]
internal readonly ref struct LineHandler
{
    readonly StringBuilder _sb;
    readonly int _lineStart, _textStart;

    public LineHandler(int literalLength, int formattedCount, SourceWriter writer)
    {
        _sb = writer.Builder;
        _lineStart = _sb.Length;
        _sb.Append(' ', writer.Indent * 4);
        _textStart = _sb.Length;
    }

    public void AppendLiteral(string value) => _sb.Append(value);
    public void AppendFormatted(string? value) => _sb.Append(value);
    public void AppendFormatted<T>(T value) => SourceWriter.AppendFormattedValue(_sb, value);
    public void AppendFormatted<T>(T value, string format) => SourceWriter.AppendFormattedValue(_sb, value, format);

    /// <summary>Ends the line; a line that came out empty gets no indentation, as <see cref="SourceWriter.Line(string)"/> does.</summary>
    internal void End()
    {
        if (_sb.Length == _textStart)
            _sb.Length = _lineStart;
        _sb.Append('\n');
    }
}

/// <summary>Formats an interpolated <see cref="SourceWriter.Block(ref BlockHandler)"/> template into the writer's scratch buffer.</summary>
[InterpolatedStringHandler]
internal readonly ref struct BlockHandler
{
    readonly StringBuilder _sb;

    public BlockHandler(int literalLength, int formattedCount, SourceWriter writer) => _sb = writer.Scratch.Clear();

    public void AppendLiteral(string value) => _sb.Append(value);
    public void AppendFormatted(string? value) => _sb.Append(value);
    public void AppendFormatted<T>(T value) => SourceWriter.AppendFormattedValue(_sb, value);
    public void AppendFormatted<T>(T value, string format) => SourceWriter.AppendFormattedValue(_sb, value, format);
}

/// <summary>Formats an interpolated <see cref="SourceWriter.Append(ref TextHandler)"/> straight into the writer, as it is.</summary>
[InterpolatedStringHandler]
internal readonly ref struct TextHandler
{
    readonly StringBuilder _sb;

    public TextHandler(int literalLength, int formattedCount, SourceWriter writer) => _sb = writer.Builder;

    public void AppendLiteral(string value) => _sb.Append(value);
    public void AppendFormatted(string? value) => _sb.Append(value);
    public void AppendFormatted<T>(T value) => SourceWriter.AppendFormattedValue(_sb, value);
    public void AppendFormatted<T>(T value, string format) => SourceWriter.AppendFormattedValue(_sb, value, format);
}
