using System.Diagnostics;
using SharedTyped.Reliability.Tests.Fuzz;

namespace SharedTyped.Reliability.Tests;

/// <summary>
/// docs/guarantees.md, "Hostile headers are refused": generated headers that lie (length, code, rank, dimensions whose
/// product overflows, a segment shorter than promised) go through the parser that attach and the file
/// reader use, then through real segments and real files. Each must give exactly what the
/// specification says (<see cref="HeaderSpec"/>): a valid array, or SharedArrayFormatException /
/// SharedArrayMismatchException; never another exception, never a read outside the mapping.
/// </summary>
public sealed class HostileHeaderTests(ITestOutputHelper output)
{
    private const int ParsedPerMode = 100_000;
    /// <summary>docs/guarantees.md promises 100,000 generated headers through a real attach and as many through a real load.</summary>
    private const int RealCases = 100_000;

    [NotUnderWineTheory(Wine.ExceptionLoops)]
    [InlineData(false, 20250101)]
    [InlineData(true, 20250102)]
    public void The_parser_agrees_with_the_specification_on_generated_headers(bool isFile, int seed)
    {
        var generator = new HeaderGenerator(seed, maxTotalLength: long.MaxValue);
        var accepted = 0;
        var strategies = new Dictionary<string, int>();
        var clock = Stopwatch.StartNew();
        for (var n = 0; n < ParsedPerMode; n++)
        {
            var c = generator.Next();
            foreach (var s in c.Strategy.Split('+'))
            {
                strategies[s] = strategies.GetValueOrDefault(s) + 1;
            }
            var available = c.Bytes.AsSpan(0, (int)Math.Min(c.Bytes.Length, Math.Min(c.TotalLength, HeaderGenerator.Window)));
            var expected = HeaderSpec.Expect(available, c.TotalLength, isFile);
            SegmentLayout? layout = null;
            try
            {
                layout = SegmentLayout.Parse(available, c.TotalLength, $"Case {n}", isFile);
            }
            catch (SharedArrayFormatException e)
            {
                Assert.True(e.Message.StartsWith($"Case {n} has an invalid header: ", StringComparison.Ordinal), e.Message);
            }
            catch (Exception e)
            {
                Assert.Fail($"Case {n} ({c.Strategy}, length {c.TotalLength}, {c.Hex}): {e.GetType().Name}: {e.Message}");
            }
            if (expected is null)
            {
                Assert.True(layout is null, $"Case {n} ({c.Strategy}, length {c.TotalLength}, {c.Hex}) was accepted but is invalid");
                continue;
            }
            Assert.True(layout is not null, $"Case {n} ({c.Strategy}, length {c.TotalLength}, {c.Hex}) was refused but is valid");
            accepted++;
            Assert.Equal(expected.Code, layout.Code);
            Assert.Equal(expected.Shape, layout.Shape);
            Assert.Equal(expected.ItemSize, layout.ItemSize);
            Assert.Equal(expected.DataOffset, layout.DataOffset);
            Assert.Equal(expected.ElementCount, layout.ElementCount);
            Assert.Equal(expected.DataBytes, layout.DataBytes);
            Assert.Equal(expected.TotalBytes, layout.RequiredBytes);
            Assert.True((isFile ? layout.FileHeaderLength + layout.DataBytes : layout.RequiredBytes) <= c.TotalLength);
        }
        var rate = ParsedPerMode / clock.Elapsed.TotalSeconds;
        output.WriteLine($"{ParsedPerMode} headers ({(isFile ? "file" : "segment")}), {accepted} valid, {rate:F0}/s; strategies: " +
            string.Join(", ", strategies.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")));
        // The generator must produce both kinds in quantity, and every kind of lie.
        Assert.InRange(accepted, ParsedPerMode / 10, ParsedPerMode * 9 / 10);
        foreach (var kind in new[] { "random", "header-length", "code", "rank", "huge-dimension", "overflowing-product", "shorter-segment", "type-record", "longer-segment", "bit-flip" })
        {
            Assert.True(strategies.GetValueOrDefault(kind) > 1000, $"only {strategies.GetValueOrDefault(kind)} cases of '{kind}'");
        }
    }

    /// <summary>
    /// One segment file, rewritten in place for every case (truncate, write the bytes, set the length):
    /// creating and removing a file per case would cost more than the attach under test. Each attach
    /// opens, checks and maps it afresh, as it would a new segment.
    /// </summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void Real_segments_with_generated_headers_attach_or_fail_cleanly()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("fuzz-attach");
        var options = new AttachOptions { Directory = directory };
        var generator = new HeaderGenerator(20250103, maxTotalLength: 64 << 10);
        var outcomes = new Dictionary<string, int>();
        const string name = "case";
        var clock = Stopwatch.StartNew();
        using (var segment = File.OpenHandle(Path.Combine(directory, name), FileMode.CreateNew, FileAccess.ReadWrite))
        {
            for (var n = 0; n < RealCases; n++)
            {
                var c = generator.Next();
                Rewrite(segment, c);
                var probe = Probe.For(c.Bytes[4]);
                var expected = HeaderSpec.Expect(c.Bytes.AsSpan(0, (int)Math.Min(c.Bytes.Length, c.TotalLength)), c.TotalLength, isFile: false);
                var outcome = Run(n, c, expected, probe, () => probe.Attach(name, options));
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }
        output.WriteLine($"{RealCases} real segments in {clock.Elapsed.TotalSeconds:F2} s: " + string.Join(", ", outcomes.Select(p => $"{p.Key} {p.Value}")));
        Assert.Equal(RealCases, outcomes.Values.Sum());
        Assert.True(outcomes.GetValueOrDefault("valid") > RealCases / 10);
        Assert.True(outcomes.GetValueOrDefault("format") > RealCases / 10);
        Assert.True(outcomes.GetValueOrDefault("mismatch") > 0);
    }

    /// <summary>One file, rewritten in place for every case; each valid one is loaded into a new segment, which must be the only thing left in the directory and is deleted again.</summary>
    [LinuxFact("uses /dev/shm, /proc, flock, Unix owners or tmpfs mounts")]
    public void Real_files_with_generated_headers_load_or_fail_cleanly()
    {
        using var cleanup = new Cleanup();
        var directory = cleanup.Directory("fuzz-load");
        // The file lives on tmpfs too (a directory of its own): rewriting it 100,000 times on a disk
        // file system would measure the journal, not the reader.
        var file = Path.Combine(cleanup.Directory("fuzz-file"), "case.bin");
        try
        {
            var options = new LoadOptions { Directory = directory, AcceptExisting = false };
            var generator = new HeaderGenerator(20250104, maxTotalLength: 64 << 10);
            var outcomes = new Dictionary<string, int>();
            var clock = Stopwatch.StartNew();
            using (var handle = File.OpenHandle(file, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                for (var n = 0; n < RealCases; n++)
                {
                    var c = generator.Next();
                    Rewrite(handle, c);
                    var probe = Probe.For(c.Bytes[4]);
                    var expected = HeaderSpec.Expect(c.Bytes.AsSpan(0, (int)Math.Min(c.Bytes.Length, c.TotalLength)), c.TotalLength, isFile: true);
                    var outcome = Run(n, c, expected, probe, () => probe.Load(file, $"case-{n}", options));
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                    Assert.Empty(Segments.Entries(directory));
                }
            }
            output.WriteLine($"{RealCases} real files in {clock.Elapsed.TotalSeconds:F2} s: " + string.Join(", ", outcomes.Select(p => $"{p.Key} {p.Value}")));
            Assert.Equal(RealCases, outcomes.Values.Sum());
            Assert.True(outcomes.GetValueOrDefault("valid") > RealCases / 10);
            Assert.True(outcomes.GetValueOrDefault("format") > RealCases / 10);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Runs one case and checks it ended exactly as the specification says.</summary>
    private static string Run(int n, HeaderCase c, ExpectedLayout? expected, Probe probe, Func<long> attachOrLoad)
    {
        var what = $"Case {n} ({c.Strategy}, length {c.TotalLength}, {c.Hex})";
        try
        {
            var length = attachOrLoad();
            Assert.True(expected is not null, $"{what} was accepted but is invalid");
            Assert.True(expected.Code == probe.Code, $"{what} was accepted as {probe.Code} but holds {expected.Code}");
            Assert.Equal(expected.ElementCount, length);
            return "valid";
        }
        catch (SharedArrayFormatException e)
        {
            Assert.True(expected is null, $"{what} was refused but is valid: {e.Message}");
            Assert.Contains("has an invalid header", e.Message, StringComparison.Ordinal);
            return "format";
        }
        catch (SharedArrayMismatchException e)
        {
            Assert.True(expected is not null && expected.Code != probe.Code || expected?.Code == DTypeCode.Struct, $"{what}: unexpected mismatch: {e.Message}");
            return "mismatch";
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    /// <summary>
    /// Makes the open file exactly <see cref="HeaderCase.TotalLength"/> bytes: the generated prefix,
    /// cut or padded with zeros. Truncating to nothing first clears what the previous case left.
    /// </summary>
    private static void Rewrite(Microsoft.Win32.SafeHandles.SafeFileHandle file, HeaderCase c)
    {
        RandomAccess.SetLength(file, 0);
        RandomAccess.Write(file, c.Bytes.AsSpan(0, (int)Math.Min(c.Bytes.Length, c.TotalLength)), 0);
        RandomAccess.SetLength(file, c.TotalLength);
    }
}
