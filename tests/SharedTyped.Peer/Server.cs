using System.Globalization;
using SharedTyped.Testing;

namespace SharedTyped.Peer;

/// <summary>
/// Interactive mode: one command per line, one answer per line, so a test can hold this process
/// attached while it deletes, recreates or rewrites the segment. Commands on a float64 matrix:
/// <c>attach NAME</c>, <c>get I J</c>, <c>set I J VALUE</c>, <c>dispose</c>, <c>quit</c>; and
/// <c>create KIND NAME SHAPE</c>, which creates a segment filled with the pattern and holds it until
/// the peer ends (Windows frees a segment with its last handle, so a creator that exits takes it along).
/// </summary>
internal static class Server
{
    public static int Run(TextReader input, TextWriter output)
    {
        SharedArray<double>? matrix = null;
        var created = new List<IDisposable>();
        try
        {
            while (input.ReadLine() is { } line)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string answer;
                try
                {
                    answer = words switch
                    {
                        ["attach", var name] => Attach(ref matrix, name),
                        ["create", var kind, var name, var shape] => Create(created, kind, name, shape),
                        ["get", var i, var j] => "ok " + Format(matrix![Long(i), Long(j)]),
                        ["set", var i, var j, var value] => Set(matrix!, Long(i), Long(j), double.Parse(value, CultureInfo.InvariantCulture)),
                        ["dispose"] => Dispose(ref matrix),
                        ["quit"] => "quit",
                        _ => $"error unknown command '{line}'",
                    };
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    answer = $"error {e.GetType().Name}: {e.Message}";
                }
                if (answer == "quit")
                {
                    return 0;
                }
                output.WriteLine(answer);
                output.Flush();
            }
            return 0;
        }
        finally
        {
            matrix?.Dispose();
            created.ForEach(c => c.Dispose());
        }
    }

    private static string Create(List<IDisposable> created, string kind, string name, string shape)
    {
        var array = ElementKind.ByName(kind).Accept(new CreateHeld(name, ShapeText.Parse(shape)));
        created.Add(array);
        return $"ok created {array}";
    }

    private static string Attach(ref SharedArray<double>? matrix, string name)
    {
        matrix?.Dispose();
        matrix = SharedArray.Attach<double>(name);
        return $"ok {matrix}";
    }

    private static string Set(SharedArray<double> matrix, long i, long j, double value)
    {
        matrix[i, j] = value;
        return "ok";
    }

    private static string Dispose(ref SharedArray<double>? matrix)
    {
        matrix?.Dispose();
        matrix = null;
        return "ok";
    }

    private static long Long(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
