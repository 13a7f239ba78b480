namespace Ttg.Workers.Faults;

/// <summary>
/// Holds the first worker fault raised by any stage and cancels <see cref="Token"/>, which stops the whole worker:
/// one place decides that the worker cannot go on, so no stage gives up on its own and silently.
/// </summary>
internal sealed class FaultLatch : IDisposable
{
    private readonly CancellationTokenSource _raised = new();
    private WorkerFault? _fault;

    /// <summary>The first fault raised, or null.</summary>
    public WorkerFault? Fault => Volatile.Read(ref _fault);

    /// <summary>Cancelled when the first fault is raised.</summary>
    public CancellationToken Token => _raised.Token;

    /// <summary>Records the fault unless one was raised before; true when this call raised it.</summary>
    public bool Raise(WorkerFault fault)
    {
        if (Interlocked.CompareExchange(ref _fault, fault, null) is not null)
        {
            return false;
        }

        _raised.Cancel();
        return true;
    }

    public void Dispose() => _raised.Dispose();
}
