namespace SharedTyped.Generated.Tests;

/// <summary>The generated Create/TryCreate/CreateOrAttach/Attach/TryAttach/Exists/Delete and the options they pass on.</summary>
public sealed class CreateAttachTests() : SegmentTest(Prices.SegmentName)
{
    [Fact]
    public void Attach_sees_what_the_creator_wrote()
    {
        using var created = Prices.Create(fill: 2.0);
        using var attached = Prices.Attach();

        created[4, 2] = 11.0;
        Assert.Equal(11.0, attached[4, 2]);
        attached[0, 0] = -3.0;
        Assert.Equal(-3.0, created[0, 0]);
        Assert.Equal(2.0, attached[9, 1]);
    }

    [Fact]
    public async Task AttachWhenCreated_waits_for_the_creator_and_times_out_naming_the_array()
    {
        var timeout = Assert.Throws<TimeoutException>(() => Prices.AttachWhenCreated(TimeSpan.FromMilliseconds(50)));
        Assert.StartsWith("Shared array 'st-gen-prices' (double, shape (10, 3)) was not created within", timeout.Message, StringComparison.Ordinal);

        var waiting = Task.Run(() => Prices.AttachReadOnlyWhenCreated(TimeSpan.FromMinutes(1)));
        using var created = Prices.Create(fill: 6.0);
        using var attached = await waiting.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(6.0, attached[9, 2]);
        using var writable = Prices.AttachWhenCreated(TimeSpan.Zero);
        writable[0, 1] = 7.0;
        Assert.Equal(7.0, attached[0, 1]);
    }

    [Fact]
    public void Create_when_the_name_is_taken_throws_and_TryCreate_returns_false()
    {
        using var first = Prices.Create(fill: 1.0);

        var error = Assert.Throws<SharedArrayExistsException>(() => Prices.Create());
        Assert.Contains("'st-gen-prices' already exists", error.Message, StringComparison.Ordinal);
        Assert.False(Prices.TryCreate(out var second));
        Assert.Null(second);
        Assert.False(Prices.TryCreate(5.0, out second));
        Assert.Null(second);
        Assert.Equal(1.0, first[0, 0]);
    }

    [Fact]
    public void TryCreate_creates_when_the_name_is_free()
    {
        Assert.True(Prices.TryCreate(4.0, out var prices));
        using (prices)
        {
            Assert.Equal(4.0, prices[9, 2]);
        }
        Assert.True(Prices.Delete());
        Assert.True(Prices.TryCreate(out var zeros));
        using (zeros)
        {
            Assert.Equal(0.0, zeros[0, 0]);
        }
    }

    [Fact]
    public void CreateOrAttach_creates_once_then_attaches()
    {
        using var first = Prices.CreateOrAttach(out var createdFirst);
        first[1, 1] = 5.0;
        using var second = Prices.CreateOrAttach(out var createdSecond);

        Assert.True(createdFirst);
        Assert.False(createdSecond);
        Assert.Equal(5.0, second[1, 1]);
    }

    [Fact]
    public void Attach_to_a_missing_segment_throws_and_TryAttach_returns_false()
    {
        Assert.False(Prices.Exists());
        Assert.Throws<SharedArrayNotFoundException>(() => Prices.Attach());
        Assert.False(Prices.TryAttach(out var prices));
        Assert.Null(prices);
    }

    [Fact]
    public void Attach_checks_the_shape()
    {
        using var stored = SharedArray.Create<double>(Prices.SegmentName, [10, 4]);

        var error = Assert.Throws<SharedArrayMismatchException>(() => Prices.Attach());
        Assert.Equal("Shared array 'st-gen-prices' of double has shape (10, 4), expected (10, 3).", error.Message);
        Assert.Throws<SharedArrayMismatchException>(() => Prices.TryAttach(out _));
    }

    [Fact]
    public void Attach_checks_the_element_type()
    {
        using var stored = SharedArray.Create<float>(Prices.SegmentName, [10, 3]);

        var error = Assert.Throws<SharedArrayMismatchException>(() => Prices.Attach());
        Assert.StartsWith("Shared array 'st-gen-prices' has element type float32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delete_frees_the_name_and_open_arrays_stay_valid()
    {
        using var prices = Prices.Create(fill: 3.0);

        // Windows frees a name only with its last handle: Delete says the name is still held, and no
        // one attaches the deleted segment any more (docs/guarantees.md, "Windows").
        var freed = !OperatingSystem.IsWindows();
        Assert.True(Prices.Exists());
        Assert.Equal(freed, Prices.Delete());
        Assert.False(Prices.Exists());
        Assert.Equal(freed, Prices.Delete());
        Assert.Equal(3.0, prices[9, 2]);
        prices[9, 2] = 4.0;
        Assert.Equal(4.0, prices[9, 2]);
    }

    [Fact]
    public void Delete_tells_the_logger_what_it_deleted()
    {
        // Held while deleted, so that it is there on Windows too, where a mapping goes with its last handle;
        // there Delete marks it deleted and returns false while this process holds it (docs/guarantees.md, "Windows").
        using var held = Prices.Create();
        var logger = new ListLogger();

        Assert.Equal(!OperatingSystem.IsWindows(), Prices.Delete(new DeleteOptions { Logger = logger }));
        Assert.Equal("Deleted shared array 'st-gen-prices'", Assert.Single(logger.Messages).Message);
        Assert.False(Prices.Exists());

        // Like cdxcore's verbose: nothing deleted, nothing said.
        Assert.Equal(!OperatingSystem.IsWindows(), Prices.Delete(new DeleteOptions { Logger = logger }));
        Assert.Single(logger.Messages);
    }

    [Fact]
    public void DeleteOnDispose_lifetime_passes_through()
    {
        var prices = Prices.Create(new CreateOptions { Lifetime = SegmentLifetime.DeleteOnDispose });
        Assert.True(Prices.Exists());

        prices.Dispose();

        Assert.False(Prices.Exists());
    }

    [Fact]
    public void Force_passes_through()
    {
        using (var old = Prices.Create(fill: 1.0))
        {
        }

        using var prices = Prices.Create(fill: 2.0, new CreateOptions { Force = true });

        Assert.Equal(2.0, prices[0, 0]);
    }

    [Fact]
    public void Directory_option_passes_through()
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows has no directory of segments: the option is refused, not ignored (docs/guarantees.md, "Windows").
            const string nowhere = @"C:\segments";
            var refused = Assert.Throws<PlatformNotSupportedException>(() => Prices.Create(fill: 6.0, new CreateOptions { Directory = nowhere }));
            Assert.Equal(
                $"Shared array 'st-gen-prices': Directory '{nowhere}' cannot be used on Windows, which has no directory of segments; a name lives in the session's namespace (Local\\) or the global one (Global\\).",
                refused.Message);
            Assert.Throws<PlatformNotSupportedException>(() => Prices.Attach(new AttachOptions { Directory = nowhere }));
            Assert.False(Prices.Exists());
            return;
        }
        var directory = Path.Combine(SegmentDirectory.Path!, "explicit");
        Directory.CreateDirectory(directory);
        try
        {
            using (var prices = Prices.Create(fill: 6.0, new CreateOptions { Directory = directory }))
            {
                Assert.True(File.Exists(Path.Combine(directory, Prices.SegmentName)));
                Assert.False(Prices.Exists());
                using var attached = Prices.Attach(new AttachOptions { Directory = directory });
                Assert.Equal(6.0, attached[1, 2]);
            }
            Assert.True(Prices.Exists(directory));
            Assert.True(Prices.Delete(new DeleteOptions { Directory = directory }));
            Assert.False(Prices.Exists(directory));
        }
        finally
        {
            Prices.Delete(new DeleteOptions { Directory = directory });
            Directory.Delete(directory);
        }
    }
}
