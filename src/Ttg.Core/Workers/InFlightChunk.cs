using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>A leased chunk this worker is responsible for, with a token that stops its computation when the lease is lost.</summary>
internal sealed class InFlightChunk(ChunkLease lease, CancellationToken workerStop) : IDisposable
{
    private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(workerStop);

    /// <summary>The lease; replaced when a renewal hands back a refreshed one.</summary>
    public ChunkLease Lease { get; set; } = lease;

    /// <summary>Cancelled when the lease is lost or the grace period ends.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>True once a renewal found the lease taken over.</summary>
    public bool Lost { get; private set; }

    /// <summary>Which parameter is computing and since when (kept only for jobs with a time limit).</summary>
    public ParameterClock Clock { get; } = new();

    /// <summary>Set when computation began, so shutdown knows which chunks to release at once.</summary>
    public bool Started { get; set; }

    /// <summary>
    /// True once the store knows computing began (at lease time, or by a later mark): only then does the death of
    /// this worker spend the chunk's attempt, so chunks that were merely queued go back with their attempts intact.
    /// </summary>
    public bool StartedInStore { get; set; }

    /// <summary>True while the chunk is held aside, unstarted, because the backend is unreachable; it is neither renewed nor computed.</summary>
    public bool Parked { get; set; }

    /// <summary>When the chunk was leased, as <see cref="TimeProvider.GetTimestamp"/> ticks: its queue wait ends when a runner starts it.</summary>
    public long LeasedAt { get; init; }

    /// <summary>
    /// True for a speculative copy of a chunk another worker holds. The first holder owns the chunk's fate (retry,
    /// split, failure); a copy can only complete it first or be handed back.
    /// </summary>
    public bool IsCopy { get; init; }

    private int _slotGivenUp;

    /// <summary>True once every parameter is computed and the results wait in the completion queue for the store.</summary>
    public bool Computed { get; set; }

    /// <summary>
    /// True the first time it is called: the chunk's leasing slot is handed back once, either when its results
    /// go to the completion queue or when it leaves the worker, whichever comes first.
    /// </summary>
    public bool TryGiveUpSlot() => Interlocked.Exchange(ref _slotGivenUp, 1) == 0;

    /// <summary>Stops the computation because another worker now owns the chunk.</summary>
    public void MarkLost()
    {
        Lost = true;
        _cancel.Cancel();
    }

    /// <inheritdoc />
    public void Dispose() => _cancel.Dispose();
}
