using System;
using System.Text;

namespace SharedTyped.Generator.Emit;

/// <summary>
/// Writes lines of C# at the current indentation; <see cref="WriteBlock"/> opens a brace that the
/// returned scope closes, so the nesting of the output follows the nesting of the emitter code.
/// </summary>
internal sealed class IndentedWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _builder = new();
    private int _depth;

    public void WriteLine(string line = "")
    {
        if (line.Length > 0)
        {
            for (var i = 0; i < _depth; i++) _builder.Append(IndentUnit);
            _builder.Append(line);
        }
        _builder.Append('\n');
    }

    /// <summary>Writes each line of <paramref name="text"/> (a raw string literal) at the current indentation.</summary>
    public void WriteLines(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            WriteLine(line.TrimEnd('\r'));
        }
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result closes it.</summary>
    public Block WriteBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _depth++;
        return new Block(this);
    }

    public override string ToString() => _builder.ToString();

    public readonly struct Block : IDisposable
    {
        private readonly IndentedWriter _writer;

        public Block(IndentedWriter writer) => _writer = writer;

        public void Dispose()
        {
            _writer._depth--;
            _writer.WriteLine("}");
        }
    }
}
