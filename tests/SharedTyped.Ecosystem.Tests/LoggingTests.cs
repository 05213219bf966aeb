using Microsoft.Extensions.Logging;

namespace SharedTyped.Ecosystem.Tests;

/// <summary>The optional ILogger reports what cdxcore's <c>verbose</c> does: create, attach, load, save, delete, close.</summary>
public sealed class LoggingTests : IDisposable
{
    private readonly TempDirectory _directory = new("logging");
    private readonly ListLogger _log = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Create_attach_save_load_delete_and_close_are_reported()
    {
        var name = Segments.NewName("log");
        var loadedName = Segments.NewName("log-loaded");
        try
        {
            using (var array = SharedArray.Create<double>(name, [10, 3], new CreateOptions { Logger = _log }))
            {
                AssertSingle(1, "Created", LogLevel.Information, $"Created shared array '{name}' of double with shape (10, 3) (448 bytes)");
                Assert.Equal(name, _log.Entries[0].Values["Name"]);
                Assert.Equal("(10, 3)", _log.Entries[0].Values["Shape"]);
                _log.Clear();

                using (SharedArray.Attach<double>(name, [10, 3], new AttachOptions { Logger = _log }))
                {
                    AssertSingle(2, "Attached", LogLevel.Information, $"Attached to shared array '{name}' of double with shape (10, 3) (read-only: False)");
                }
                AssertLast(5, "Closed", LogLevel.Debug, $"Closed shared array '{name}'");
                _log.Clear();

                using (SharedArray.AttachReadOnly<double>(name, new AttachOptions { Logger = _log }))
                {
                    AssertSingle(2, "Attached", LogLevel.Information, $"Attached to shared array '{name}' of double with shape (10, 3) (read-only: True)");
                }
                _log.Clear();

                var file = _directory.File("log.bin");
                array.Save(file);
                AssertSingle(6, "Saved", LogLevel.Information, $"Saved shared array '{name}' to '{file}'");
                _log.Clear();

                var npy = _directory.File("log.npy");
                array.SaveNpy(npy);
                AssertSingle(6, "Saved", LogLevel.Information, $"Saved shared array '{name}' to '{npy}'");
                _log.Clear();

                using (SharedArray.Load<double>(file, loadedName, new LoadOptions { Logger = _log }).Array)
                {
                    AssertSingle(4, "Loaded", LogLevel.Information, $"Loaded shared array '{loadedName}' from '{file}' (240 bytes)");
                }
                SharedArray.Delete(loadedName);
                _log.Clear();

                using (NpyFile.Load<double>(npy, loadedName, new LoadOptions { Logger = _log }).Array)
                {
                    AssertSingle(4, "Loaded", LogLevel.Information, $"Loaded shared array '{loadedName}' from '{npy}' (240 bytes)");
                }
                _log.Clear();

                // Loading again attaches to the existing array, and says so, as cdxcore's read_shared_array does.
                using (NpyFile.Load<double>(npy, loadedName, new LoadOptions { Logger = _log }).Array)
                {
                    AssertSingle(2, "Attached", LogLevel.Information, $"Attached to shared array '{loadedName}' of double with shape (10, 3) (read-only: False)");
                }
                _log.Clear();
            }
            AssertSingle(5, "Closed", LogLevel.Debug, $"Closed shared array '{name}'");
            _log.Clear();

            Assert.True(SharedArray.Delete(name, new DeleteOptions { Logger = _log }));
            AssertSingle(3, "Deleted", LogLevel.Information, $"Deleted shared array '{name}'");
            _log.Clear();

            // Nothing to delete, nothing reported (cdxcore's delete_shared_array is silent then too).
            Assert.True(SharedArray.Delete(name, new DeleteOptions { Logger = _log }));
            Assert.Empty(_log.Entries);
        }
        finally
        {
            Segments.Remove(name, loadedName);
        }
    }

    [Fact]
    public void DeleteOnDispose_reports_the_delete_then_the_close()
    {
        var name = Segments.NewName("log-unlink");
        try
        {
            var array = SharedArray.Create<int>(name, [4], new CreateOptions { Logger = _log, Lifetime = SegmentLifetime.DeleteOnDispose });
            _log.Clear();
            array.Dispose();
            Assert.Equal(
                [(3, $"Deleted shared array '{name}'"), (5, $"Closed shared array '{name}'")],
                _log.Entries.Select(e => (e.EventId.Id, e.Message)));
            Assert.False(SharedArray.Exists(name));
        }
        finally
        {
            Segments.Remove(name);
        }
    }

    [Fact]
    public void Without_a_logger_nothing_is_written_anywhere()
    {
        var name = Segments.NewName("silent");
        var (stdout, stderr) = (Console.Out, Console.Error);
        var captured = new StringWriter();
        Console.SetOut(captured);
        Console.SetError(captured);
        try
        {
            using (var array = SharedArray.Create<double>(name, [2, 2], fill: 1.0))
            {
                using var attached = SharedArray.Attach<double>(name);
                array.Save(_directory.File("silent.bin"));
                array.SaveNpy(_directory.File("silent.npy"));
            }
            SharedArray.Delete(name);
            using (SharedArray.Load<double>(_directory.File("silent.bin"), name).Array) { }
            SharedArray.Delete(name);
            using (NpyFile.Load<double>(_directory.File("silent.npy"), name).Array) { }
            SharedArray.Delete(name);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Segments.Remove(name);
        }
        Assert.Equal("", captured.ToString());
    }

    private void AssertSingle(int id, string eventName, LogLevel level, string message)
    {
        var entry = Assert.Single(_log.Entries);
        Assert.Equal((id, eventName, level, message), (entry.EventId.Id, entry.EventId.Name, entry.Level, entry.Message));
    }

    private void AssertLast(int id, string eventName, LogLevel level, string message)
    {
        var entry = _log.Entries[^1];
        Assert.Equal((id, eventName, level, message), (entry.EventId.Id, entry.EventId.Name, entry.Level, entry.Message));
    }
}
