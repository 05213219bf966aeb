using System.Text.Json;

namespace SharedTyped.Cli.Tests;

/// <summary>The <c>sharedtyped</c> tool run as a real process: output and exit codes.</summary>
public sealed class CliTests : IDisposable
{
    /// <summary>A shared-memory directory of our own (tmpfs, inside /dev/shm), so that <c>list</c> sees exactly what a test put there.</summary>
    private readonly TempDirectory _shm = TempDirectory.InSharedMemory("cli-shm");
    private readonly TempDirectory _files = new("cli-files");
    private readonly List<string> _names = [];

    public void Dispose()
    {
        Segments.Remove([.. _names]);
        _shm.Dispose();
        _files.Dispose();
    }

    private string NewName(string tag)
    {
        var name = Segments.NewName(tag);
        _names.Add(name);
        return name;
    }

    private CreateOptions InShm => new() { Directory = _shm.Path };

    [Fact]
    public void Help_shows_commands_options_and_exit_codes()
    {
        var result = CliTool.Expect(0, "--help");
        foreach (var expected in new[] { "sharedtyped: inspect and manage", "list", "info <NAME>", "rm <NAME>", "load <FILE> <NAME>",
                     "save <NAME> <FILE>", "doctor", "completion <bash>", "help <COMMAND>", "--dir <DIR>", "--json", "Exit codes:",
                     "0  ok", "1  usage", "2  not found", "3  invalid", "4  exists", "5  denied", "6  I/O error" })
        {
            Assert.Contains(expected, result.Output);
        }
        Assert.Equal("", result.Error);
        Assert.Equal(result.Output, CliTool.Expect(0, "help").Output);
        Assert.Matches(@"^\d+\.\d+\.\d+", CliTool.Expect(0, "--version").Output);
    }

    [Theory]
    [InlineData("load", "sharedtyped load <FILE> <NAME> [options]", "--accept-existing", "--progress")]
    [InlineData("rm", "sharedtyped rm <NAME>... [options]", "--force", "--foreign")]
    [InlineData("save", "sharedtyped save <NAME> <FILE> [options]", "--time-unit <UNIT>", "--dir <DIR>")]
    [InlineData("info", "sharedtyped info <NAME> [options]", "lifetime and holders", "--json")]
    public void Each_command_has_its_own_help_by_option_and_by_the_help_command(string command, string usage, string first, string second)
    {
        var help = CliTool.Expect(0, command, "--help").Output;
        Assert.Contains(usage, help);
        Assert.Contains(first, help);
        Assert.Contains(second, help);
        Assert.DoesNotContain("Exit codes:", help);
        Assert.DoesNotContain("sharedtyped list", help);
        Assert.Equal(help, CliTool.Expect(0, "help", command).Output);
        Assert.Equal(help, CliTool.Expect(0, command, "-h").Output);
    }

    [Theory]
    [InlineData("sharedtyped: No command given.\nRun 'sharedtyped help' for the commands and options.")]
    [InlineData("sharedtyped: Unrecognized command or argument 'frobnicate'.\nRun 'sharedtyped help' for the commands and options.", "frobnicate")]
    [InlineData("sharedtyped: Unrecognized command or argument 'lsit'.\nsharedtyped: Did you mean 'list' instead of 'lsit'?\nRun 'sharedtyped help' for the commands and options.", "lsit")]
    [InlineData("sharedtyped: Unrecognized command or argument 'ifno'.\nsharedtyped: Did you mean 'info' instead of 'ifno'?\nRun 'sharedtyped help' for the commands and options.", "ifno")]
    [InlineData("sharedtyped: Unrecognized command or argument '--jsno'.\nsharedtyped: Did you mean '--json' instead of '--jsno'?\nRun 'sharedtyped help list' for its arguments and options.", "list", "--jsno")]
    [InlineData("sharedtyped: Unrecognized option '--froce' (after '--' it would be taken as an argument).\nsharedtyped: Did you mean '--force' instead of '--froce'?\nRun 'sharedtyped help rm' for its arguments and options.", "rm", "x", "--froce")]
    [InlineData("sharedtyped: Required argument 'NAME' missing for command: 'info'.\nRun 'sharedtyped help info' for its arguments and options.", "info")]
    [InlineData("sharedtyped: Unrecognized command or argument 'extra'.\nRun 'sharedtyped help list' for its arguments and options.", "list", "extra")]
    [InlineData("sharedtyped: Required argument 'NAME' missing for command: 'load'.\nRun 'sharedtyped help load' for its arguments and options.", "load", "only-a-file")]
    [InlineData("sharedtyped: Required argument missing for option: '--dir'.\nRun 'sharedtyped help list' for its arguments and options.", "list", "--dir")]
    public void A_wrong_command_line_exits_1_says_why_and_suggests_what_was_meant(string message, params string[] arguments)
    {
        var result = CliTool.Expect(1, arguments);
        Assert.Equal($"{message}\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Completions_offer_commands_options_and_the_segments_in_the_directory()
    {
        var name = NewName("complete");
        using var array = SharedArray.Create<int>(name, [2], InShm);
        var line = $"info --dir {_shm.Path} {name[..(Segments.RunPrefix.Length + 4)]}";
        Assert.Equal($"{name}\n", CliTool.Expect(0, $"[suggest:{line.Length}]", line).Output);
        Assert.Equal("info\n", CliTool.Expect(0, "[suggest:3]", "inf").Output);
        Assert.Contains("--accept-existing\n", CliTool.Expect(0, "[suggest:10]", "load --acc").Output);

        var script = CliTool.Expect(0, "completion", "bash").Output;
        Assert.Contains("complete -o default -F _sharedtyped_complete sharedtyped", script);
        Assert.Contains("[suggest:", script);
        Assert.Equal("sharedtyped: Argument 'fish' not recognized. Must be one of:\n\t'bash'\nRun 'sharedtyped help completion' for its arguments and options.\n",
            CliTool.Expect(1, "completion", "fish").Error);
    }

    [Fact]
    public void List_shows_every_segment_and_marks_the_rest_not_ours()
    {
        var (a, b, c) = (NewName("list-a"), NewName("list-b"), NewName("list-c"));
        using var first = SharedArray.Create<double>(a, [10, 3], InShm);
        using var second = SharedArray.Create<int>(b, [4], InShm with { Permissions = SegmentPermissions.Group });
        using var third = SharedArray.Create<byte>(c, [2, 2, 2], InShm);
        File.WriteAllBytes(Path.Combine(_shm.Path, "st-eco-junk"), [1, 2, 3, 4, 5]);
        File.SetUnixFileMode(Path.Combine(_shm.Path, "st-eco-junk"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var user = Environment.UserName;

        var table = CliTool.Table(CliTool.Expect(0, "list", "--dir", _shm.Path).Output);
        Assert.Equal(["NAME", "TYPE", "SHAPE", "BYTES", "OWNER", "MODE"], table[0]);
        var rows = table.Skip(1).ToDictionary(r => r[0]);
        Assert.Equal(4, rows.Count);
        Assert.Equal([a, "float64", "(10, 3)", "448", user, "0600"], rows[a]);
        Assert.Equal([b, "int32", "(4,)", "256", user, "0660"], rows[b]);
        Assert.Equal([c, "byte (SharedTyped extension)", "(2, 2, 2)", "256", user, "0600"], rows[c]);
        Assert.Equal(["st-eco-junk", "not ours", "-", "5", user, "0644"], rows["st-eco-junk"]);

        using var json = JsonDocument.Parse(CliTool.Expect(0, "--json", "list", "--dir", _shm.Path).Output);
        Assert.Equal(_shm.Path, json.RootElement.GetProperty("directory").GetString());
        var segments = json.RootElement.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var matrix = segments[a];
        Assert.True(matrix.GetProperty("ours").GetBoolean());
        Assert.Equal("ours", matrix.GetProperty("status").GetString());
        Assert.Equal("float64", matrix.GetProperty("elementType").GetString());
        Assert.Equal(10, matrix.GetProperty("code").GetInt32());
        Assert.Equal([10L, 3L], matrix.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(30, matrix.GetProperty("elements").GetInt64());
        Assert.Equal(240, matrix.GetProperty("dataBytes").GetInt64());
        Assert.Equal(448, matrix.GetProperty("segmentBytes").GetInt64());
        Assert.Equal(user, matrix.GetProperty("owner").GetString());
        Assert.Equal("0600", matrix.GetProperty("mode").GetString());
        Assert.Equal(Path.Combine(_shm.Path, a), matrix.GetProperty("path").GetString());
        Assert.False(segments[c].GetProperty("cdxcoreCompatible").GetBoolean());
        var junk = segments["st-eco-junk"];
        Assert.False(junk.GetProperty("ours").GetBoolean());
        Assert.Equal("notOurs", junk.GetProperty("status").GetString());
        Assert.Equal(user, junk.GetProperty("owner").GetString());
        Assert.Equal("Shared array 'st-eco-junk' has an invalid header: the segment is 5 bytes, shorter than the 8-byte header prefix.", junk.GetProperty("reason").GetString());
        Assert.Equal(5, junk.GetProperty("segmentBytes").GetInt64());
    }

    [Fact]
    public void List_shows_a_segment_this_user_may_not_open_as_no_access_with_owner_and_mode_from_its_stat()
    {
        var name = NewName("list-denied");
        using var array = SharedArray.Create<double>(name, [10, 3], InShm);
        var path = Path.Combine(_shm.Path, name);
        File.WriteAllBytes(Path.Combine(_shm.Path, "st-eco-junk"), [1, 2, 3]);
        File.SetUnixFileMode(Path.Combine(_shm.Path, "st-eco-junk"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Func<string[], ProcessResult> run;
        string owner, uid, mode;
        if (Environment.IsPrivilegedProcess)
        {
            // Root opens any file whatever its mode, so the tool runs as nobody, to whom root's 0600 segment is closed.
            File.SetUnixFileMode(_shm.Path, (UnixFileMode)0b111_101_101); // 0755: nobody may list the directory
            File.SetUnixFileMode(_files.Path, (UnixFileMode)0b111_101_101); // and reach the copy of the tool
            run = arguments => CliTool.RunAsNobody(_files.Path, arguments);
            (owner, uid, mode) = ("root", "0", "0600");
        }
        else
        {
            // A mode-0000 file is closed even to its owner, unless the owner is root.
            File.SetUnixFileMode(path, UnixFileMode.None);
            run = arguments => CliTool.Run(arguments);
            (owner, uid, mode) = (Environment.UserName, ChildProcess.Run("id", ["-u"]).Output.Trim(), "0000");
        }

        var listing = run(["list", "--dir", _shm.Path]);
        Assert.True(listing.ExitCode == 0, $"list failed: {listing}");
        var rows = CliTool.Table(listing.Output).Skip(1).ToDictionary(r => r[0]);
        Assert.Equal(2, rows.Count);
        Assert.Equal([name, "no access", "-", "448", owner, mode], rows[name]);
        Assert.Equal(["st-eco-junk", "not ours", "-", "3", owner, "0644"], rows["st-eco-junk"]);

        var result = run(["--json", "list", "--dir", _shm.Path]);
        Assert.True(result.ExitCode == 0, $"list --json failed: {result}");
        using var json = JsonDocument.Parse(result.Output);
        var segments = json.RootElement.GetProperty("segments").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        var denied = segments[name];
        Assert.Equal("noAccess", denied.GetProperty("status").GetString());
        Assert.False(denied.GetProperty("ours").GetBoolean());
        Assert.Equal($"Shared array '{name}': permission denied opening '{path}'.", denied.GetProperty("reason").GetString());
        Assert.Equal(path, denied.GetProperty("path").GetString());
        Assert.Equal(448, denied.GetProperty("segmentBytes").GetInt64());
        Assert.Equal(uid, denied.GetProperty("uid").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(owner, denied.GetProperty("owner").GetString());
        Assert.Equal(mode, denied.GetProperty("mode").GetString());
        Assert.Equal("notOurs", segments["st-eco-junk"].GetProperty("status").GetString());
    }

    [Fact]
    public void List_follows_SHAREDTYPED_SHM_DIR_and_reports_a_missing_directory()
    {
        var name = NewName("list-env");
        using var array = SharedArray.Create<float>(name, [3], InShm);
        var viaEnvironment = CliTool.Run(new Dictionary<string, string?> { ["SHAREDTYPED_SHM_DIR"] = _shm.Path }, "list");
        Assert.Equal(0, viaEnvironment.ExitCode);
        Assert.Equal(["NAME", "TYPE", "SHAPE", "BYTES", "OWNER", "MODE"], CliTool.Table(viaEnvironment.Output)[0]);
        Assert.Equal(name, Assert.Single(CliTool.Table(viaEnvironment.Output).Skip(1))[0]);

        var missing = Path.Combine(_files.Path, "no-such-dir");
        var result = CliTool.Expect(2, "list", "--dir", missing);
        Assert.Equal($"sharedtyped: The shared-memory directory '{missing}' does not exist.\n", result.Error);
    }

    [Fact]
    public void Info_describes_one_segment_in_text_and_json()
    {
        var name = NewName("info");
        using var array = SharedArray.Create<short>(name, [2, 3, 4]);
        var lines = CliTool.Expect(0, "info", name).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var facts = lines.Select(l => l.Split("  ", 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        Assert.Equal(name, facts["name"]);
        Assert.Equal($"/dev/shm/{name}", facts["path"]);
        Assert.Equal("int16 (code 2)", facts["element type"]);
        Assert.Equal("SharedTyped, cdxcore and numpy", facts["readable by"]);
        Assert.Equal("(2, 3, 4)", facts["shape"]);
        Assert.Equal("24", facts["elements"]);
        Assert.Equal("2", facts["item size"]);
        Assert.Equal("64", facts["data offset"]);
        Assert.Equal("48", facts["data bytes"]);
        Assert.Equal("256", facts["segment bytes"]);
        Assert.Equal("0600", facts["mode"]);

        using var json = JsonDocument.Parse(CliTool.Expect(0, "info", name, "--json").Output);
        Assert.Equal("int16", json.RootElement.GetProperty("elementType").GetString());
        Assert.Equal([2L, 3L, 4L], json.RootElement.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(256, json.RootElement.GetProperty("segmentBytes").GetInt64());
    }

    [Fact]
    public void Info_of_a_missing_invalid_or_foreign_name_exits_with_its_code()
    {
        var missing = Segments.NewName("missing");
        Assert.Equal($"sharedtyped: Shared array '{missing}' does not exist ('/dev/shm/{missing}').\n", CliTool.Expect(2, "info", missing).Error);

        Assert.Equal("sharedtyped: Shared array name 'a/b' is invalid: it contains '/'; a name is a single file name.\n",
            CliTool.Expect(3, "info", "a/b").Error);

        File.WriteAllBytes(Path.Combine(_shm.Path, "st-eco-junk"), new byte[100]);
        Assert.Equal("sharedtyped: Shared array 'st-eco-junk' has an invalid header: the header length is 0 but rank 0 needs 8.\n",
            CliTool.Expect(3, "info", "st-eco-junk", "--dir", _shm.Path).Error);
    }

    [Fact]
    public void Rm_removes_shared_arrays_and_leaves_other_files_alone_unless_forced()
    {
        var (a, b) = (NewName("rm-a"), NewName("rm-b"));
        SharedArray.Create<int>(a, [2], InShm).Dispose();
        SharedArray.Create<int>(b, [2], InShm).Dispose();
        var junk = Path.Combine(_shm.Path, "st-eco-junk");
        File.WriteAllBytes(junk, [9, 9, 9]);

        Assert.Equal($"removed {a}\nremoved {b}\n", CliTool.Expect(0, "rm", a, b, "--dir", _shm.Path).Output);
        Assert.False(SharedArray.Exists(a, _shm.Path));
        Assert.False(SharedArray.Exists(b, _shm.Path));

        var refused = CliTool.Expect(3, "rm", "st-eco-junk", "--dir", _shm.Path);
        Assert.StartsWith("sharedtyped: 'st-eco-junk' is not a shared array, left alone (use --force to remove it anyway): ", refused.Error);
        Assert.True(File.Exists(junk));
        Assert.Equal("removed st-eco-junk\n", CliTool.Expect(0, "rm", "--force", "st-eco-junk", "--dir", _shm.Path).Output);
        Assert.False(File.Exists(junk));
    }

    [Fact]
    public void Rm_of_a_name_this_process_still_holds_succeeds_and_the_holder_keeps_its_data()
    {
        // The CLI is another process: this test is the holder. On Windows the name would go with the holder,
        // and rm says so (.ci/windows-cli-smoke checks that); Linux frees the name at once.
        var name = NewName("rm-held");
        using var held = SharedArray.Create<int>(name, [3], fill: 5, InShm);

        var result = CliTool.Expect(0, "rm", name, "--dir", _shm.Path, "--json");
        Assert.Equal("", result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var outcome = json.RootElement.EnumerateArray().Single();
        Assert.Equal((name, true, false, false), (outcome.GetProperty("name").GetString(), outcome.GetProperty("removed").GetBoolean(),
            outcome.TryGetProperty("error", out _), outcome.TryGetProperty("note", out _)));
        Assert.False(SharedArray.Exists(name, _shm.Path));
        Assert.Equal([5, 5, 5], held.AsSpan().ToArray());
        Assert.False(held.IsCurrent);
    }

    [Fact]
    public void Rm_of_a_missing_name_exits_2_after_removing_the_others()
    {
        var (present, missing) = (NewName("rm-present"), Segments.NewName("rm-missing"));
        SharedArray.Create<long>(present, [1], InShm).Dispose();

        var result = CliTool.Expect(2, "rm", missing, present, "--dir", _shm.Path, "--json");
        Assert.Equal($"sharedtyped: Shared array '{missing}' does not exist ('{Path.Combine(_shm.Path, missing)}').\n", result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var outcomes = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal((missing, false, 2), (outcomes[0].GetProperty("name").GetString(), outcomes[0].GetProperty("removed").GetBoolean(), outcomes[0].GetProperty("exitCode").GetInt32()));
        Assert.Equal((present, true), (outcomes[1].GetProperty("name").GetString(), outcomes[1].GetProperty("removed").GetBoolean()));
        Assert.False(SharedArray.Exists(present, _shm.Path));
    }

    [Fact]
    public void Load_reads_a_numpy_file_into_a_new_segment()
    {
        var path = _files.File("prices.npy");
        Numpy.Run($"np.save('{path}', (np.arange(12) * 1.5).reshape(3, 4))");
        var name = NewName("load-npy");

        var result = CliTool.Expect(0, "load", path, name);
        Assert.Equal($"loaded {path} (npy, float64, shape (3, 4), 96 bytes) into {name}\n", result.Output);
        Assert.Equal("", result.Error);
        using var array = SharedArray.AttachReadOnly<double>(name, [3, 4]);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i * 1.5), array.AsSpan().ToArray());

        var again = CliTool.Expect(4, "load", path, name);
        Assert.Equal($"sharedtyped: Shared array '{name}' already exists ('/dev/shm/{name}'). Pass --accept-existing to attach to it " +
            "when its type and shape match the file, or remove it first (sharedtyped rm).\n", again.Error);
        Assert.Equal($"attached to existing {name} (float64, shape (3, 4)): it matches {path}\n",
            CliTool.Expect(0, "load", path, name, "--accept-existing").Output);
    }

    [Fact]
    public void Load_reads_a_to_file_file_and_reports_json()
    {
        var source = NewName("load-src");
        var path = _files.File("ids.bin");
        using (var array = SharedArray.Create<int>(source, [2, 5], source: Enumerable.Range(100, 10).ToArray()))
        {
            array.Save(path);
        }
        var name = NewName("load-tofile");
        using var json = JsonDocument.Parse(CliTool.Expect(0, "load", path, name, "--dir", _shm.Path, "--json").Output);
        Assert.Equal(name, json.RootElement.GetProperty("name").GetString());
        Assert.Equal("to_file", json.RootElement.GetProperty("format").GetString());
        Assert.Equal("int32", json.RootElement.GetProperty("elementType").GetString());
        Assert.Equal([2L, 5L], json.RootElement.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(40, json.RootElement.GetProperty("dataBytes").GetInt64());
        Assert.False(json.RootElement.GetProperty("attached").GetBoolean());
        using var loaded = SharedArray.AttachReadOnly<int>(name, new AttachOptions { Directory = _shm.Path });
        Assert.Equal(Enumerable.Range(100, 10), loaded.AsSpan().ToArray());
    }

    [Fact]
    public void Load_draws_a_progress_bar_on_stderr_when_asked()
    {
        var path = _files.File("big.npy");
        Numpy.Run($"np.save('{path}', np.ones(3 * 1024 * 1024 // 8))");
        var name = NewName("load-progress");
        var result = CliTool.Expect(0, "load", path, name, "--progress", "--dir", _shm.Path);
        Assert.StartsWith("\rloading big.npy [", result.Error);
        // Each redraw shows the bytes so far, the rate and the time left; the last one all of it and nothing left.
        Assert.Matches(@"\] 100%  3\.0/3\.0 MiB  \d+\.\d MiB/s  0s left\n$", result.Error);
        Assert.Matches(@"^(\rloading big\.npy \[[#.]{30}\] +\d+%  \d+\.\d/3\.0 MiB  \d+\.\d MiB/s  (\?|\d+s|\d+m\d\ds|\d+h\d\dm) left)+\n$", result.Error);
        Assert.Equal($"loaded {path} (npy, float64, shape (393216,), 3145728 bytes) into {name}\n", result.Output);
    }

    [Fact]
    public void Load_from_a_directory_says_it_is_a_directory()
    {
        var name = Segments.NewName("load-dir");
        var result = CliTool.Expect(3, "load", _files.Path, name, "--dir", _shm.Path);
        Assert.Equal($"sharedtyped: Cannot load shared array '{name}': '{_files.Path}' is a directory, not a file.\n", result.Error);
        Assert.Equal("", result.Output);
        Assert.False(SharedArray.Exists(name, _shm.Path));

        // The library says the same to its callers, for both formats.
        var e = Assert.Throws<SharedArrayFormatException>(() => NpyFile.Load<double>(_files.Path, name));
        Assert.Equal($"Cannot load shared array '{name}': '{_files.Path}' is a directory, not a file.", e.Message);
        e = Assert.Throws<SharedArrayFormatException>(() => SharedArray.Load<double>(_files.Path, name));
        Assert.Equal($"Cannot load shared array '{name}': '{_files.Path}' is a directory, not a file.", e.Message);
    }

    [Fact]
    public void Save_that_cannot_create_its_file_names_the_target_not_the_temporary_file()
    {
        var name = NewName("save-where");
        using var array = SharedArray.Create<int>(name, [3], [1, 2, 3], InShm with { Permissions = SegmentPermissions.Everyone });
        var missing = Path.Combine(_files.Path, "missing-dir");

        // A relative path, as typed: the message gives it in full.
        var relative = ChildProcess.Run("dotnet", [Repository.CliDll, "save", name, "missing-dir/x.npy", "--dir", _shm.Path], workingDirectory: _files.Path);
        Assert.Equal(2, relative.ExitCode);
        Assert.Equal($"sharedtyped: Cannot save shared array '{name}' to '{missing}/x.npy': the directory '{missing}' does not exist.\n", relative.Error);
        Assert.Equal($"sharedtyped: Cannot save shared array '{name}' to '{missing}/x.bin': the directory '{missing}' does not exist.\n",
            CliTool.Expect(2, "save", name, Path.Combine(missing, "x.bin"), "--dir", _shm.Path).Error);

        var folder = Directory.CreateDirectory(_files.File("a-folder")).FullName;
        Assert.Equal($"sharedtyped: Cannot save shared array '{name}' to '{folder}': it is a directory.\n",
            CliTool.Expect(6, "save", name, folder, "--dir", _shm.Path).Error);

        // A directory this user may not write to: root may write anywhere, so as root the tool runs as nobody.
        var closed = Directory.CreateDirectory(_files.File("read-only")).FullName;
        File.SetUnixFileMode(_shm.Path, (UnixFileMode)0b111_101_101); // 0755
        File.SetUnixFileMode(_files.Path, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(closed, (UnixFileMode)0b101_101_101); // 0555
        var target = Path.Combine(closed, "x.npy");
        string[] save = ["save", name, target, "--dir", _shm.Path];
        var denied = Environment.IsPrivilegedProcess ? CliTool.RunAsNobody(_files.File("nobody"), save) : CliTool.Run(save);
        Assert.True(denied.ExitCode == 5, $"expected exit 5: {denied}");
        Assert.Equal($"sharedtyped: Cannot save shared array '{name}' to '{target}': permission denied creating a file in '{closed}'.\n", denied.Error);

        // No temporary file was left anywhere.
        Assert.Empty(Directory.GetFileSystemEntries(closed));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_files.Path), e => Path.GetFileName(e).StartsWith('.'));
    }

    [Fact]
    public void Load_refuses_missing_fortran_and_foreign_files_with_their_codes()
    {
        var name = Segments.NewName("load-refused");
        var missing = _files.File("missing.npy");
        Assert.Equal($"sharedtyped: Cannot load shared array '{name}': file '{missing}' does not exist.\n", CliTool.Expect(2, "load", missing, name).Error);

        var fortran = _files.File("fortran.npy");
        Numpy.Run($"np.save('{fortran}', np.asfortranarray(np.ones((3, 4))))");
        Assert.Equal(
            $"sharedtyped: File '{fortran}' (for shared array '{name}') is in Fortran order (fortran_order: True, shape (3, 4)); only C order loads. In numpy: np.save(path, np.ascontiguousarray(a)).\n",
            CliTool.Expect(3, "load", fortran, name).Error);

        var text = _files.File("notes.txt");
        File.WriteAllText(text, "hello, this is not an array");
        Assert.StartsWith($"sharedtyped: File '{text}' (for shared array '{name}') has an invalid header: ", CliTool.Expect(3, "load", text, name).Error);
        Assert.False(SharedArray.Exists(name));
    }

    [Fact]
    public void Save_writes_npy_that_numpy_reads_and_to_file_that_loads_back()
    {
        var name = NewName("save");
        using var array = SharedArray.Create<float>(name, [2, 3], source: [0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f], InShm);

        var npy = _files.File("out.npy");
        Assert.Equal($"saved {name} (float32, shape (2, 3)) to {npy} (npy)\n", CliTool.Expect(0, "save", name, npy, "--dir", _shm.Path).Output);
        Assert.Equal("float32 (2, 3) 18.0", Numpy.Run($"a = np.load('{npy}'); print(a.dtype, a.shape, a.sum())").Trim());

        var bin = _files.File("out.bin");
        using (var json = JsonDocument.Parse(CliTool.Expect(0, "save", name, bin, "--dir", _shm.Path, "--json").Output))
        {
            Assert.Equal("to_file", json.RootElement.GetProperty("format").GetString());
            Assert.Equal(24, json.RootElement.GetProperty("dataBytes").GetInt64());
        }
        var copy = NewName("save-copy");
        using var loaded = SharedArray.Load<float>(bin, copy).Array;
        Assert.Equal(array.AsSpan().ToArray(), loaded.AsSpan().ToArray());
    }

    [Fact]
    public void Save_records_a_time_unit_for_numpy_and_refuses_what_it_cannot_do()
    {
        var name = NewName("save-time");
        var start = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).ToUnixTimeSeconds();
        using var times = SharedArray.Create<DateTime64>(name, [2], source: [new DateTime64(start), new DateTime64(start + 60)]);
        var npy = _files.File("times.npy");
        CliTool.Expect(0, "save", name, npy, "--time-unit", "s");
        Assert.Equal("['2024-01-02T03:04:05' '2024-01-02T03:05:05']", Numpy.Run($"print(np.load('{npy}'))").Trim());

        Assert.StartsWith("sharedtyped: --time-unit applies to .npy files only; to_file records no unit.\n",
            CliTool.Expect(1, "save", name, _files.File("times.bin"), "--time-unit", "s").Error);
        var missing = Segments.NewName("save-missing");
        Assert.Equal($"sharedtyped: Shared array '{missing}' does not exist ('/dev/shm/{missing}').\n", CliTool.Expect(2, "save", missing, npy).Error);
    }

    [Fact]
    public void Load_checks_the_name_before_it_reads_the_file()
    {
        // The file does not exist: a check of the name that came after reading it would report the file instead.
        var missing = _files.File("never-written.npy");
        Assert.Equal("sharedtyped: Shared array name 'a/b' is invalid: it contains '/'; a name is a single file name.\n",
            CliTool.Expect(3, "load", missing, "a/b").Error);

        var taken = NewName("load-taken");
        using var array = SharedArray.Create<double>(taken, [3], InShm);
        var result = CliTool.Expect(4, "load", missing, taken, "--dir", _shm.Path);
        Assert.Equal($"sharedtyped: Shared array '{taken}' already exists ('{Path.Combine(_shm.Path, taken)}'). Pass --accept-existing to attach to it " +
            "when its type and shape match the file, or remove it first (sharedtyped rm).\n", result.Error);
        // With --accept-existing the file is needed, and its absence is what is reported.
        Assert.Equal($"sharedtyped: Cannot load shared array '{taken}': file '{missing}' does not exist.\n",
            CliTool.Expect(2, "load", missing, taken, "--dir", _shm.Path, "--accept-existing").Error);
    }

    [Fact]
    public void Info_shows_the_lifetime_and_the_holders_of_a_segment()
    {
        var persistent = NewName("info-persistent");
        using var kept = SharedArray.Create<int>(persistent, [2], InShm);
        var facts = Facts(CliTool.Expect(0, "info", persistent, "--dir", _shm.Path).Output);
        Assert.Equal("persistent: no process holds it as last-process-out, so it stays until removed", facts["lifetime"]);

        // This test process holds it; the tool, another process, sees that.
        var tracked = NewName("info-tracked");
        using var held = SharedArray.Create<int>(tracked, [2], InShm with { Lifetime = SegmentLifetime.LastProcessOut });
        facts = Facts(CliTool.Expect(0, "info", tracked, "--dir", _shm.Path).Output);
        Assert.Equal($"last process out: held by 1 process ({Environment.ProcessId})", facts["lifetime"]);
        using var json = JsonDocument.Parse(CliTool.Expect(0, "info", tracked, "--dir", _shm.Path, "--json").Output);
        Assert.Equal("lastProcessOut", json.RootElement.GetProperty("lifetime").GetString());
        Assert.Equal([Environment.ProcessId], json.RootElement.GetProperty("holders").EnumerateArray().Select(p => p.GetInt32()));

        var stat = SharedMemory.Stat(tracked, _shm.Path)!;
        Assert.Equal((SegmentLifetime.LastProcessOut, true, Path.Combine(_shm.Path, tracked)), (stat.ApparentLifetime!.Value, stat.IsRegularFile, stat.Location));
        Assert.Null(SharedMemory.Stat(Segments.NewName("stat-missing"), _shm.Path));
    }

    [Fact]
    public void Rm_removes_another_users_segment_only_with_foreign()
    {
        var name = NewName("rm-foreign");
        SharedArray.Create<int>(name, [2], InShm).Dispose();
        var path = Path.Combine(_shm.Path, name);
        if (Environment.IsPrivilegedProcess)
        {
            // Root can give the segment away; the tool (root too) must still not remove it unasked.
            Assert.Equal(0, ChildProcess.Run("chown", ["65534:65534", path]).ExitCode);
            var refused = CliTool.Expect(5, "rm", name, "--dir", _shm.Path);
            Assert.EndsWith("(another user's segment is removed only with --foreign)\n", refused.Error);
            Assert.Contains(name, refused.Error);
            Assert.True(File.Exists(path));
        }
        Assert.Equal($"removed {name}\n", CliTool.Expect(0, "rm", "--foreign", name, "--dir", _shm.Path).Output);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Info_shows_the_sync_block_and_huge_pages()
    {
        var name = NewName("info-sync");
        using var array = SharedArray.Create<double>(name, [4], InShm);
        array.Publish();
        array.Publish();
        var facts = Facts(CliTool.Expect(0, "info", name, "--dir", _shm.Path).Output);
        Assert.Equal($"version {array.Version}, no write in progress, write lock free, reader/writer lock none", facts["sync block"]);
        var inspected = SharedMemory.Inspect(name, new InspectOptions { Directory = _shm.Path });
        Assert.Equal(inspected.HugePageBytes == 0 ? "no" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"yes, all {inspected.SegmentBytes:N0} bytes"), facts["huge pages"]);
        using var json = JsonDocument.Parse(CliTool.Expect(0, "info", name, "--dir", _shm.Path, "--json").Output);
        Assert.True(json.RootElement.GetProperty("hasSyncBlock").GetBoolean());
        Assert.Equal(array.Version, json.RootElement.GetProperty("version").GetInt64());
        Assert.Equal("none", json.RootElement.GetProperty("readerWriterLock").GetString());
        Assert.Equal(array.SegmentId, facts["segment id"]);
        Assert.Equal(array.SegmentId, json.RootElement.GetProperty("segmentId").GetString());
        Assert.Equal(inspected.UsesHugePages, json.RootElement.GetProperty("usesHugePages").GetBoolean());
        Assert.Equal(inspected.HugePageBytes, json.RootElement.GetProperty("hugePageBytes").GetInt64());
    }

    [Fact]
    public void Doctor_reports_the_file_system_the_watcher_tools_and_the_python_caveat()
    {
        var text = CliTool.Expect(0, "doctor", "--dir", _shm.Path).Output;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("ok    shared-memory directory", StringComparison.Ordinal) && l.EndsWith(_shm.Path, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ok    file system", StringComparison.Ordinal) && l.Contains("tmpfs mounted at /dev/shm"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"huge pages +(never|always|within_size|advise)$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"size +\d+\.\d GiB \(\d+ bytes\)$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"free +\d+\.\d GiB \(\d+ bytes\) \(\d+%\)$"));
        foreach (var tool in new[] { "sh", "flock", "stat", "rm" })
        {
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^ok    watcher tool {tool} +/\S+/{tool}$"));
        }
        Assert.Contains("resource_tracker.unregister(shm._name, \"shared_memory\")", text);

        using var json = JsonDocument.Parse(CliTool.Expect(0, "doctor", "--dir", _shm.Path, "--json").Output);
        var topics = json.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("topic").GetString()!);
        Assert.Equal(_shm.Path, topics["shared-memory directory"].GetProperty("value").GetString());
        Assert.True(topics["watcher tool flock"].GetProperty("ok").GetBoolean());
        Assert.Contains("python", topics.Keys.Single(k => k.StartsWith("python", StringComparison.Ordinal)));

        var missing = _files.File("no-such-dir");
        Assert.Contains($"warn  shared-memory directory  {missing} does not exist", CliTool.Expect(0, "doctor", "--dir", missing).Output);
    }

    private static Dictionary<string, string> Facts(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split("  ", 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
}
