using System.Globalization;
using SharedTyped;
using SharedTyped.Peer;
using SharedTyped.Testing;

// The second process of the cross-process tests. Exit code 0: done as asked; 1: a check failed;
// 2: the runtime threw (the exception's type and message are printed for the test to assert on).
try
{
    return args switch
    {
        ["check-and-write", var name, var rows, var cols] => Commands.CheckAndWrite(name, long.Parse(rows, CultureInfo.InvariantCulture), long.Parse(cols, CultureInfo.InvariantCulture)),
        ["create", var kind, var name, var shape] => ElementKind.ByName(kind).Accept(new CreatePattern(name, ShapeText.Parse(shape))),
        ["check-kinds", .. var specs] => Commands.CheckKinds(specs),
        ["attach", var kind, var name] => ElementKind.ByName(kind).Accept(new AttachOnly(name, null)),
        ["attach", var kind, var name, var shape] => ElementKind.ByName(kind).Accept(new AttachOnly(name, ShapeText.Parse(shape))),
        ["write-readonly", var name] => Commands.WriteReadOnly(name),
        ["serve"] => Server.Run(Console.In, Console.Out),
        ["sync", .. var rest] => SyncCommands.Run(rest),
        _ => Usage(),
    };
}
catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or ArgumentException or UnauthorizedAccessException)
{
    Console.WriteLine($"{e.GetType().Name}: {e.Message}");
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("usage: SharedTyped.Peer check-and-write NAME ROWS COLS | create KIND NAME SHAPE | check-kinds NAME=KIND:SHAPE… | attach KIND NAME [SHAPE] | write-readonly NAME | serve");
    return 64;
}
