using System.Globalization;
using SharedTyped;
using SharedTyped.Generated.Tests.Declarations;

// The second process of the generated-type tests: attaches (or creates) through the generated API
// and prints what it finds, one value a line, invariant culture. Exit codes: 0 done, 2 bad usage,
// 3 not found, 4 mismatch, 1 anything else (the exception's type and message on stderr).
try
{
    return args switch
    {
        ["sum-prices"] => SumPrices(),
        ["write-prices", var i, var j, var value] => WritePrices(Int(i), Int(j), double.Parse(value, CultureInfo.InvariantCulture)),
        ["read-prices"] => ReadPrices(),
        ["attach-rows"] => AttachRows(),
        ["create-rows", var rows] => CreateRows(Int(rows)),
        ["read-cube"] => ReadCube(),
        _ => Usage(),
    };
}
catch (Exception e)
{
    Console.Error.WriteLine($"{e.GetType().FullName}: {e.Message}");
    return e switch
    {
        SharedArrayNotFoundException => 3,
        SharedArrayMismatchException => 4,
        _ => 1,
    };
}

static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);

static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

static int SumPrices()
{
    using var prices = Prices.Attach();
    var sum = 0.0;
    foreach (var value in prices.AsSpan())
    {
        sum += value;
    }
    Print($"{sum:R}");
    return 0;
}

static int WritePrices(int i, int j, double value)
{
    using var prices = Prices.Attach();
    prices[i, j] = value;
    return 0;
}

static int ReadPrices()
{
    using var prices = Prices.AttachReadOnly();
    for (var i = 0; i < Prices.Dim0; i++)
    {
        var row = prices.Row(i);
        Print($"{row[0]:R} {row[1]:R} {row[2]:R}");
    }
    return 0;
}

static int AttachRows()
{
    using var rows = Rows.Attach();
    Print($"{rows.Dim0} {rows.Length} {rows[rows.Dim0 - 1, 3]:R}");
    return 0;
}

static int CreateRows(int count)
{
    using var rows = Rows.Create(rows: count, fill: 2.5f);
    rows[count - 1, 3] = -1f;
    return 0;
}

static int ReadCube()
{
    using var cube = Cube.AttachReadOnly();
    long checksum = 0;
    for (var i = 0; i < Cube.Dim0; i++)
    {
        for (var j = 0; j < Cube.Dim1; j++)
        {
            for (var k = 0; k < Cube.Dim2; k++)
            {
                checksum = (checksum * 31) + cube[i, j, k];
            }
        }
    }
    Print($"{checksum}");
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: SharedTyped.Generated.Peer sum-prices | write-prices i j value | read-prices | attach-rows | create-rows n | read-cube");
    return 2;
}
