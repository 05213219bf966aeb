using System.Globalization;
using System.Text;

namespace SharedTyped;

/// <summary>
/// Reads the subset of Python literal syntax that a <c>.npy</c> header dictionary uses: dicts, tuples,
/// lists, quoted strings, integers, <c>True</c>/<c>False</c>/<c>None</c>. numpy itself reads the header
/// with <c>ast.literal_eval</c>; anything outside this subset is not something numpy writes.
/// </summary>
internal ref struct PythonLiteral
{
    /// <summary>
    /// How deeply dicts, tuples and lists may nest. numpy's own headers nest three deep (a structured
    /// dtype a few more); the parser recurses once a level, so a hostile header of many thousand
    /// brackets would otherwise end the process with a stack overflow, which no caller can catch.
    /// </summary>
    public const int MaxDepth = 32;

    private readonly ReadOnlySpan<char> _text;
    private int _at;
    private int _depth;

    private PythonLiteral(ReadOnlySpan<char> text)
    {
        _text = text;
        _at = 0;
    }

    /// <summary>A tuple, as opposed to a list; both hold their items in order.</summary>
    public sealed class Tuple(List<object?> items)
    {
        public List<object?> Items { get; } = items;
    }

    /// <summary>Parses one literal that must make up the whole text (surrounding white space aside).</summary>
    /// <exception cref="System.FormatException">Not a literal of the subset; the message says where.</exception>
    public static object? Parse(ReadOnlySpan<char> text)
    {
        var reader = new PythonLiteral(text);
        var value = reader.Value();
        reader.SkipSpace();
        if (reader._at != text.Length)
        {
            throw reader.Error("unexpected text after the literal");
        }
        return value;
    }

    private object? Value()
    {
        SkipSpace();
        if (_at >= _text.Length)
        {
            throw Error("the text ends where a value should start");
        }
        var c = _text[_at];
        if (c is '{' or '(' or '[')
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"brackets nest more than {MaxDepth} deep");
            }
            object value = c switch
            {
                '{' => Dict(),
                '(' => new Tuple(Sequence('(', ')')),
                _ => Sequence('[', ']'),
            };
            _depth--;
            return value;
        }
        return c switch
        {
            '\'' or '"' => String(),
            _ when c == '-' || char.IsAsciiDigit(c) => Integer(),
            _ => Word(),
        };
    }

    private Dictionary<string, object?> Dict()
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        _at++;
        while (true)
        {
            SkipSpace();
            if (Peek('}'))
            {
                _at++;
                return dict;
            }
            if (Value() is not string key)
            {
                throw Error("a dictionary key is not a string");
            }
            SkipSpace();
            Expect(':');
            if (!dict.TryAdd(key, Value()))
            {
                throw Error($"the key '{key}' appears twice");
            }
            SkipSpace();
            if (Peek(','))
            {
                _at++;
            }
            else if (!Peek('}'))
            {
                throw Error("expected ',' or '}' in a dictionary");
            }
        }
    }

    private List<object?> Sequence(char open, char close)
    {
        var items = new List<object?>();
        _at++;
        while (true)
        {
            SkipSpace();
            if (Peek(close))
            {
                _at++;
                return items;
            }
            items.Add(Value());
            SkipSpace();
            if (Peek(','))
            {
                _at++;
            }
            else if (!Peek(close))
            {
                throw Error($"expected ',' or '{close}' after an item of '{open}...{close}'");
            }
        }
    }

    private string String()
    {
        var quote = _text[_at++];
        var value = new StringBuilder();
        while (_at < _text.Length && _text[_at] != quote)
        {
            if (_text[_at] == '\\' && _at + 1 < _text.Length)
            {
                _at++;
            }
            value.Append(_text[_at++]);
        }
        if (_at >= _text.Length)
        {
            throw Error("a string is not closed");
        }
        _at++;
        return value.ToString();
    }

    private long Integer()
    {
        var start = _at;
        if (_text[_at] == '-')
        {
            _at++;
        }
        while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
        {
            _at++;
        }
        if (!long.TryParse(_text[start.._at], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"'{_text[start.._at]}' is not a 64-bit integer");
        }
        // Python 2 wrote long integers with an L suffix: (3L, 4L).
        if (_at < _text.Length && _text[_at] is 'L' or 'l')
        {
            _at++;
        }
        return value;
    }

    private object? Word()
    {
        var start = _at;
        while (_at < _text.Length && char.IsAsciiLetter(_text[_at]))
        {
            _at++;
        }
        return _text[start.._at] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            var other => throw Error($"'{(other.IsEmpty ? _text[start].ToString() : other.ToString())}' is not a literal numpy writes"),
        };
    }

    private readonly bool Peek(char c) => _at < _text.Length && _text[_at] == c;

    private void Expect(char c)
    {
        if (!Peek(c))
        {
            throw Error($"expected '{c}'");
        }
        _at++;
    }

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
        {
            _at++;
        }
    }

    private readonly System.FormatException Error(string what) => new($"{what} at character {_at}");
}
