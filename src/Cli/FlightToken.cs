using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace SharedTyped.Cli;

/// <summary>
/// Where <c>serve</c> and <c>pull</c> take a bearer token from: <c>--token-file PATH</c>, else the variable
/// <see cref="Variable"/>; never the command line, which every local user can read in <c>ps</c>.
/// </summary>
internal static partial class FlightToken
{
    public const string Variable = "SHAREDTYPED_FLIGHT_TOKEN";
    public const string Advice = $"set {Variable} or pass --token-file PATH";
    private const int MaxBytes = 4096;
    private const int OpenReadOnlyNonBlocking = 0x800 | 0x80000; // O_RDONLY | O_NONBLOCK | O_CLOEXEC

    /// <summary>The token from <paramref name="file"/>, else from the environment; null when neither gives one.</summary>
    public static string? Read(string? file) => file is not null ? FromFile(file)
        : Environment.GetEnvironmentVariable(Variable) is { } value && value.Trim() is { Length: > 0 } token ? Checked(token, Variable) : null;

    /// <summary>The refusal of a token given in argv.</summary>
    public static CliFailure InArgv() => new(ExitCode.Usage,
        $"--token would show the token to every local user (ps lists the command line); {Advice}.");

    private static string FromFile(string path)
    {
        // Opened without blocking, so a FIFO nobody writes cannot hang the command; pread on anything but a file fails.
        var fd = Open(path, OpenReadOnlyNonBlocking, 0);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new CliFailure(errno == 2 ? ExitCode.NotFound : ExitCode.IOError,
                $"--token-file '{path}' cannot be opened: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(handle) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            Console.Error.WriteLine($"sharedtyped: warning: --token-file '{path}' is readable by other users; chmod 600 it.");
        }
        var buffer = new byte[MaxBytes + 1];
        int read;
        try
        {
            read = RandomAccess.Read(handle, buffer, 0);
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            throw new CliFailure(ExitCode.IOError, $"--token-file '{path}' is not a readable regular file: {e.Message}");
        }
        if (read > MaxBytes)
        {
            throw new CliFailure(ExitCode.Invalid, $"--token-file '{path}' holds more than {MaxBytes} bytes; a token is one line.");
        }
        return Checked(Encoding.UTF8.GetString(buffer, 0, read).Trim(), $"--token-file '{path}'");
    }

    private static string Checked(string token, string source) =>
        token.Length > 0 && !token.Any(char.IsControl) ? token
            : throw new CliFailure(ExitCode.Invalid, $"{source} holds no token (one line of printable characters).");

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);
}
