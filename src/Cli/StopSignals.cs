using System.Runtime.InteropServices;

namespace SharedTyped.Cli;

/// <summary>Ctrl+C and SIGTERM as a cancellation, so a long-running command (serve, pull --follow) shuts down in order.</summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    private StopSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
    }

    public CancellationToken Token => _source.Token;

    public static StopSignals Cancellation() => new();

    private void Stop(PosixSignalContext context)
    {
        // Handled: the command stops by itself instead of the runtime ending the process mid-write.
        context.Cancel = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _source.Dispose();
    }
}
