using System.Text;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Names": only a valid single file name, at most 255 UTF-8 bytes on Linux, refused with a
/// clear exception before any system call. Every entry point is given a shared-memory directory and a
/// file that do not exist: had it touched the file system first, it would have failed differently.
/// </summary>
public sealed class NameTests
{
    private const string NoDirectory = "/nonexistent-st-rel-directory/below";
    private const string NoFile = "/nonexistent-st-rel-directory/file.bin";

    private static readonly CreateOptions Create = new() { Directory = NoDirectory };
    private static readonly AttachOptions Attach = new() { Directory = NoDirectory };
    private static readonly LoadOptions Load = new() { Directory = NoDirectory };

    private static readonly Dictionary<string, Action<string>> EntryPoints = new()
    {
        ["Create"] = n => SharedArray.Create<int>(n, [1], Create),
        ["Create(fill)"] = n => SharedArray.Create<int>(n, [1], 5, Create),
        ["Create(source)"] = n => SharedArray.Create<int>(n, [1], [5], Create),
        ["TryCreate"] = n => SharedArray.TryCreate<int>(n, [1], out _, Create),
        ["TryCreate(fill)"] = n => SharedArray.TryCreate<int>(n, [1], 5, out _, Create),
        ["CreateOrAttach"] = n => SharedArray.CreateOrAttach<int>(n, [1], out _, Create),
        ["Attach"] = n => SharedArray.Attach<int>(n, Attach),
        ["Attach(shape)"] = n => SharedArray.Attach<int>(n, [1], Attach),
        ["TryAttach"] = n => SharedArray.TryAttach<int>(n, out _, Attach),
        ["TryAttach(shape)"] = n => SharedArray.TryAttach<int>(n, [1], out _, Attach),
        ["AttachReadOnly"] = n => SharedArray.AttachReadOnly<int>(n, Attach),
        ["AttachReadOnly(shape)"] = n => SharedArray.AttachReadOnly<int>(n, [1], Attach),
        ["TryAttachReadOnly"] = n => SharedArray.TryAttachReadOnly<int>(n, out _, Attach),
        ["TryAttachReadOnly(shape)"] = n => SharedArray.TryAttachReadOnly<int>(n, [1], out _, Attach),
        ["Delete"] = n => SharedArray.Delete(n, new DeleteOptions { Directory = NoDirectory }),
        ["Exists"] = n => SharedArray.Exists(n, NoDirectory),
        ["Inspect"] = n => SharedMemory.Inspect(n, new InspectOptions { Directory = NoDirectory }),
        ["Load"] = n => SharedArray.Load<int>(NoFile, n, Load),
        ["Load(shape)"] = n => SharedArray.Load<int>(NoFile, n, [1], Load),
    };

    public static TheoryData<string, string, string> BadNames()
    {
        var names = new (string Name, string Shown, string Reason)[]
        {
            ("", "", "it is empty"),
            ("a/b", "a/b", "it contains '/'"),
            ("/dev/shm/x", "/dev/shm/x", "it contains '/'"),
            ("../etc/passwd", "../etc/passwd", "it contains '/'"),
            ("..", "..", "it starts with '.'"),
            ("a..b", "a..b", "it contains '..'"),
            (".hidden", ".hidden", "it starts with '.'"),
            ("a\0b", "a\\0b", "it contains a NUL character"),
            ("a\\b", "a\\b", "it contains '\\'"),
            (new string('x', 256), new string('x', 256), $"it is 256 bytes in UTF-8, more than the {SharedMemoryPlatform.Current.MaxNameBytes} this system allows"),
            (new string('é', 128), new string('é', 128), $"it is 256 bytes in UTF-8, more than the {SharedMemoryPlatform.Current.MaxNameBytes} this system allows"),
        };
        var data = new TheoryData<string, string, string>();
        foreach (var entry in EntryPoints.Keys)
        {
            foreach (var (name, shown, reason) in names)
            {
                data.Add(entry, name, $"Shared array name '{shown}' is invalid: {reason}");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public void A_bad_name_is_refused_before_any_system_call(string entryPoint, string name, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => EntryPoints[entryPoint](name));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.Equal("name", e.ParamName);
    }

    /// <summary>
    /// Lone UTF-16 surrogates have no UTF-8 form; the marshaller would turn each into U+FFFD, so
    /// "x\uD800" and "x\uDC00" would open the same file. Kept out of the theory data above, whose
    /// serialisation would itself replace them.
    /// </summary>
    [Fact]
    public void Lone_surrogates_are_refused_before_any_system_call()
    {
        var names = new (string Name, string Message)[]
        {
            ("x\uD800", "Shared array name 'x\\uD800' is invalid: it contains a lone UTF-16 surrogate (U+D800 at index 1), which is not valid Unicode text and has no UTF-8 form"),
            ("x\uDC00", "Shared array name 'x\\uDC00' is invalid: it contains a lone UTF-16 surrogate (U+DC00 at index 1), which is not valid Unicode text and has no UTF-8 form"),
            ("\uDE00\uD83Dx", "Shared array name '\\uDE00\\uD83Dx' is invalid: it contains a lone UTF-16 surrogate (U+DE00 at index 0)"),
            ("ok\uD83D\uDE00\uD83D", "Shared array name 'ok\uD83D\uDE00\\uD83D' is invalid: it contains a lone UTF-16 surrogate (U+D83D at index 4)"),
        };
        foreach (var (entry, call) in EntryPoints)
        {
            foreach (var (name, message) in names)
            {
                var e = Assert.Throws<ArgumentException>(() => call(name));
                Assert.True(e.Message.StartsWith(message, StringComparison.Ordinal), $"{entry}: {e.Message}");
                Assert.Equal("name", e.ParamName);
            }
        }
    }

    /// <summary>Without the strict check, the second name would find the first's file ("x" U+FFFD) and get "exists".</summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void Names_that_differ_only_in_a_lone_surrogate_never_share_a_file()
    {
        var stem = Segments.NewName("utf16");
        using var cleanup = new Cleanup(stem + "\uFFFD", stem + "\U0001F600");
        Assert.Throws<ArgumentException>(() => SharedArray.Create<int>(stem + "\uD800", [1]));
        Assert.Throws<ArgumentException>(() => SharedArray.Create<int>(stem + "\uDC00", [1]));
        Assert.False(File.Exists(Segments.PathOf(stem + "\uFFFD")), "a lone surrogate reached the file system as U+FFFD");

        // A whole pair is one character (U+1F600), four bytes of UTF-8, and works.
        using (SharedArray.Create<int>(stem + "\U0001F600", [1], fill: 9))
        using (var attached = SharedArray.Attach<int>(stem + "\uD83D\uDE00", [1]))
        {
            Assert.Equal(9, attached[0]);
        }
        Assert.True(File.Exists(Segments.PathOf(stem + "\U0001F600")));
        Assert.Equal(4, Encoding.UTF8.GetByteCount("\U0001F600"));
    }

    [Fact]
    public void A_null_name_is_refused() =>
        Assert.Throws<ArgumentNullException>(() => SharedArray.Create<int>(null!, [1], Create));

    [Theory]
    [InlineData("x")]
    [InlineData("é")]
    public void A_name_255_bytes_long_works(string padding)
    {
        // 255 on Linux; on Windows 200 after Local\ or Global\ (docs/guarantees.md, "Windows").
        var max = SharedMemoryPlatform.Current.MaxNameBytes;
        var name = new StringBuilder(Segments.NewName("long"));
        while (Encoding.UTF8.GetByteCount(name.ToString() + padding) <= max)
        {
            name.Append(padding);
        }
        while (Encoding.UTF8.GetByteCount(name.ToString()) < max)
        {
            name.Append('x');
        }
        var longest = name.ToString();
        Assert.Equal(max, Encoding.UTF8.GetByteCount(longest));
        using var cleanup = new Cleanup(longest);
        using (var created = SharedArray.Create<int>(longest, [2], fill: 3))
        using (var attached = SharedArray.Attach<int>(longest, [2]))
        {
            Assert.Equal(3, attached[1]);
        }
        // Windows freed the segment with its last handle: nothing is left to delete, and the name is free either way.
        Assert.True(SharedArray.Delete(longest));
        Assert.False(SharedArray.Exists(longest));
    }
}
