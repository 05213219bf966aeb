using SharedTyped.Tests.Infrastructure;
using Xunit;

namespace SharedTyped.Tests;

/// <summary>The numpy interop tests fail (never skip) without numpy, saying what to install.</summary>
public sealed class PythonLocatorTests
{
    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Interpreters_without_numpy_are_not_chosen()
    {
        var noNumpy = UniqueNames.NewTempPath("no-numpy");
        File.WriteAllText(noNumpy, "#!/bin/sh\nexit 1\n");
        File.SetUnixFileMode(noNumpy, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        try
        {
            Assert.Null(Python.FindIn(["/nonexistent/python3", noNumpy, "/bin/false"]));
        }
        finally
        {
            File.Delete(noNumpy);
        }
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void Without_numpy_the_failure_says_to_install_python3_numpy()
    {
        Assert.IsType<Xunit.Sdk.XunitException>(Python.Missing());
        Assert.Contains("install python3-numpy", Python.Missing().Message);
    }

    [LinuxFact("Python and numpy peers; the Windows leg has no Windows Python")]
    public void This_machine_has_a_python_with_numpy() => Assert.NotNull(Python.Require());
}
