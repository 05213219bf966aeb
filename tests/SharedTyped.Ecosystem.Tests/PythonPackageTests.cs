namespace SharedTyped.Ecosystem.Tests;

/// <summary>
/// python/ is a package: <c>pip install ./python</c> into a fresh venv that sees the system numpy, with no
/// package index (the build backend is in-tree and needs nothing), then the installed module, run outside the
/// repository, attaches to segments .NET made in the directory <c>SHAREDTYPED_SHM_DIR</c> names, for every
/// extension code numpy can represent.
/// </summary>
public sealed class PythonPackageTests : IDisposable
{
    private readonly TempDirectory _shm = TempDirectory.InSharedMemory("pypkg-shm");
    private readonly TempDirectory _venv = new("pypkg-venv");

    public void Dispose()
    {
        _shm.Dispose();
        _venv.Dispose();
    }

    [Fact]
    public void Installed_offline_into_a_venv_it_reads_the_extension_codes_from_SHAREDTYPED_SHM_DIR()
    {
        var python = Install();
        var options = new CreateOptions { Directory = _shm.Path };
        using var bytes = SharedArray.Create<byte>("bytes", [2, 3], (ReadOnlySpan<byte>)[1, 2, 3, 250, 251, 252], options);
        using var chars = SharedArray.Create<char>("chars", [3], (ReadOnlySpan<char>)"héj", options);
        using var nints = SharedArray.Create<nint>("nints", [2], (ReadOnlySpan<nint>)[-5, nint.MaxValue], options);
        using var nuints = SharedArray.Create<nuint>("nuints", [2], (ReadOnlySpan<nuint>)[7, nuint.MaxValue], options);

        var result = ChildProcess.Run(python,
            ["-c", """
                   import sharedtyped
                   print(sharedtyped.__file__)
                   for name in ("bytes", "chars", "nints", "nuints"):
                       a = sharedtyped.attach(name, readonly=True).array
                       print(name, a.dtype, a.shape, a.ravel().tolist())
                   """],
            workingDirectory: _venv.Path,
            environment: new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = _shm.Path, ["PYTHONPATH"] = null });

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(_venv.Path, lines[0], StringComparison.Ordinal);
        Assert.Equal("bytes uint8 (2, 3) [1, 2, 3, 250, 251, 252]", lines[1]);
        Assert.Equal($"chars uint16 (3,) [{(int)'h'}, {(int)'é'}, {(int)'j'}]", lines[2]);
        Assert.Equal($"nints int64 (2,) [-5, {long.MaxValue}]", lines[3]);
        Assert.Equal($"nuints uint64 (2,) [7, {ulong.MaxValue}]", lines[4]);
    }

    [Fact]
    public void A_code_without_a_numpy_dtype_is_refused_with_the_array_name()
    {
        var python = Install();
        using var decimals = SharedArray.Create<decimal>("decimals", [2], new CreateOptions { Directory = _shm.Path });

        var result = ChildProcess.Run(python, ["-c", "import sharedtyped; sharedtyped.attach('decimals')"],
            workingDirectory: _venv.Path, environment: new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = _shm.Path });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("shared array 'decimals': dtype code 132 has no numpy dtype", result.Error, StringComparison.Ordinal);
    }

    /// <summary>Makes the venv and installs python/ with no index; returns the venv's interpreter.</summary>
    private string Install()
    {
        var venv = _venv.File("venv");
        var made = ChildProcess.Run(Python.Require(), ["-m", "venv", "--system-site-packages", venv], timeout: TimeSpan.FromMinutes(3));
        Assert.True(made.ExitCode == 0, $"python3 -m venv failed (Debian: apt-get install python3-venv): {made}");
        var pip = ChildProcess.Run(Path.Combine(venv, "bin", "pip"),
            ["install", "--no-index", "--disable-pip-version-check", Path.Combine(Repository.Root, "python")],
            workingDirectory: _venv.Path, timeout: TimeSpan.FromMinutes(3));
        Assert.True(pip.ExitCode == 0, $"pip install ./python failed: {pip}");
        Assert.Contains("Successfully installed sharedtyped-", pip.Output, StringComparison.Ordinal);
        return Path.Combine(venv, "bin", "python");
    }
}
