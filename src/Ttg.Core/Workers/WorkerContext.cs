using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Ttg.Workers.Faults;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>What every stage of one worker shares: its backend, options and clock, the chunk book, the outage guard and the fault latch.</summary>
internal sealed class WorkerContext : IDisposable
{
    public WorkerContext(ITtgBackend backend, ComputationRegistry registry, WorkerOptions options, ILogger logger, TimeProvider time)
    {
        Backend = backend;
        Registry = registry;
        Options = options;
        Logger = logger;
        Time = time;
        Runtimes = new JobRuntimeCache(backend, registry);
        Book = new ChunkBook(new PrefetchTarget(options.Concurrency, options.Prefetch), Stats, time);
        Outage = new BackendOutage(backend, logger, time);
        StartedAt = time.GetTimestamp();
        _abort = CancellationTokenSource.CreateLinkedTokenSource(Faults.Token);
    }

    private readonly CancellationTokenSource _abort;

    public ITtgBackend Backend { get; }

    public ComputationRegistry Registry { get; }

    public WorkerOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public string WorkerId => Options.WorkerId;

    public WorkerStats Stats { get; } = new();

    public JobRuntimeCache Runtimes { get; }

    public ChunkBook Book { get; }

    public BackendOutage Outage { get; }

    public FaultLatch Faults { get; } = new();

    /// <summary>Computed chunks on their way to the completion batcher.</summary>
    public Channel<(InFlightChunk Chunk, ChunkCompletion Completion)> Completions { get; } = Channel.CreateUnbounded<(InFlightChunk, ChunkCompletion)>();

    /// <summary>When the worker started, as <see cref="TimeProvider.GetTimestamp"/> ticks.</summary>
    public long StartedAt { get; }

    /// <summary>
    /// The one-line reason when <paramref name="error"/> means this store cannot be used by this worker at all (disk
    /// full, read-only, corrupt, password refused): waiting does not help, so the worker stops with exit code 4.
    /// </summary>
    public string? PermanentFault(Exception error) =>
        Backend.DescribePermanentFault(error) ?? (error as BackendException)?.Message;

    /// <summary>Every job this worker leased from, for the note it leaves when it faults.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, bool> JobsSeen { get; } = new(StringComparer.Ordinal);

    /// <summary>Raises a worker fault (the first one wins) and logs it.</summary>
    public void Fault(WorkerFaultKind kind, string reason)
    {
        var fault = new WorkerFault(kind, reason);
        if (Faults.Raise(fault))
        {
            WorkerLog.WorkerFaulted(Logger, WorkerId, fault.ToString());
        }
    }

    /// <summary>
    /// Cancelled when the worker stops waiting for the store: on a worker fault, or when a stopping worker's grace
    /// period is over. Calls that ride out outages give up then, and the leases they held lapse.
    /// </summary>
    public CancellationToken AbortToken => _abort.Token;

    /// <summary>Stops every wait for the store (see <see cref="AbortToken"/>).</summary>
    public void Abort() => _abort.Cancel();

    public void Dispose()
    {
        _abort.Dispose();
        Faults.Dispose();
    }
}
