using System.Runtime.InteropServices;

namespace Ttg.Cli.Hosting;

/// <summary>
/// Turns SIGTERM and SIGINT (Ctrl+C) into a cancellation token, so a worker can stop leasing and finish or
/// release its chunks within its grace period instead of the runtime's default of dying at once.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    public ShutdownSignal()
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
    }

    /// <summary>Cancelled when a stop signal arrives.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>True once a stop signal arrived.</summary>
    public bool Requested => _stop.IsCancellationRequested;

    /// <summary>Stops as a SIGTERM would (used when <c>ttg run</c>, the parent, is gone).</summary>
    public void Request()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already shut down.
        }
    }

    private void Handle(PosixSignalContext context)
    {
        // Keep the process alive: the caller decides when to exit.
        context.Cancel = true;
        _stop.Cancel();
    }

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
        _stop.Dispose();
    }
}
