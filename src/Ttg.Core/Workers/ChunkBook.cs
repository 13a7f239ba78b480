using System.Collections.Concurrent;
using System.Threading.Channels;
using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>
/// The one owner of the chunks a worker holds: which are queued for a compute slot, computing, parked during an
/// outage, or waiting for their completion to be stored, and the leasing slots that bound how many it may hold.
/// Every stage changes a chunk's state through here, so "what does this worker hold" has one answer.
/// </summary>
internal sealed class ChunkBook
{
    private readonly ConcurrentDictionary<(string JobId, string ChunkId), InFlightChunk> _held = new();
    private readonly Channel<InFlightChunk> _ready = Channel.CreateUnbounded<InFlightChunk>();
    private readonly ConcurrentQueue<InFlightChunk> _parked = new();
    private readonly SemaphoreSlim _slots;
    private readonly WorkerStats _stats;
    private int _capacity;
    private int _idleRunners;

    public ChunkBook(PrefetchTarget prefetch, WorkerStats stats, TimeProvider time)
    {
        Prefetch = prefetch;
        Solo = new SoloGate(time);
        _stats = stats;
        _capacity = prefetch.Capacity;
        _slots = new SemaphoreSlim(_capacity);
    }

    /// <summary>What a parameter of each job costs here, for deciding which chunks elsewhere straggle.</summary>
    public JobCosts Costs { get; } = new();

    /// <summary>The held chunks' traces: each starts when its chunk is added and ends when it is finished.</summary>
    public ChunkTraces Traces { get; } = new();

    /// <summary>Lets a chunk an earlier holder was lost computing be computed alone.</summary>
    public SoloGate Solo { get; }

    /// <summary>How deep the queue ahead of the compute slots should be.</summary>
    public PrefetchTarget Prefetch { get; }

    /// <summary>Every chunk this worker holds a lease for.</summary>
    public ICollection<InFlightChunk> Held => _held.Values;

    /// <summary>True when the worker holds no chunk.</summary>
    public bool IsEmpty => _held.IsEmpty;

    /// <summary>Chunks waiting for a compute slot, in lease order.</summary>
    public ChannelReader<InFlightChunk> Ready => _ready.Reader;

    /// <summary>
    /// Compute slots waiting for a chunk right now: what a lease can start at once. None while a chunk waits to
    /// compute alone or computes alone, since nothing else starts then (a lease marked started would be charged for
    /// that chunk's death).
    /// </summary>
    public int IdleRunners => Solo.AloneWanted ? 0 : Volatile.Read(ref _idleRunners);

    /// <summary>True when no chunk but <paramref name="except"/> waits for its computed result to be stored.</summary>
    public bool NoResultWaitsForTheStore(InFlightChunk? except = null) => !_held.Values.Any(c => c.Computed && c != except);

    /// <summary>True when chunks were parked during an outage and still wait to be handed back.</summary>
    public bool HasParked => !_parked.IsEmpty;

    /// <summary>
    /// What the worker holds, in words: chunks computing, computed ones whose results wait for the store, queued
    /// ones not started, and parked ones waiting to be handed back. During an outage "queued" must be 0.
    /// </summary>
    public string Describe()
    {
        int computing = 0, computed = 0, queued = 0, parked = 0;
        foreach (var chunk in _held.Values)
        {
            if (chunk.Parked)
            {
                parked++;
            }
            else if (chunk.Computed)
            {
                computed++;
            }
            else if (chunk.Started)
            {
                computing++;
            }
            else
            {
                queued++;
            }
        }

        return $"holds {computing} computing, {computed} computed waiting for the store, {queued} queued, {parked} parked to hand back";
    }

    /// <summary>Takes a freshly leased chunk and queues it for a compute slot.</summary>
    public InFlightChunk Add(ChunkLease lease, bool startedInStore, long leasedAt, CancellationToken hardStop, bool isCopy = false)
    {
        var chunk = new InFlightChunk(lease, hardStop) { StartedInStore = startedInStore, LeasedAt = leasedAt, IsCopy = isCopy };
        _held[(lease.JobId, lease.ChunkId)] = chunk;
        Traces.Start(chunk);
        _ready.Writer.TryWrite(chunk);
        _stats.InFlight = _held.Count;
        return chunk;
    }

    /// <summary>True while the chunk is still held (not completed, released or lost).</summary>
    public bool Holds(ChunkLease lease) => _held.ContainsKey((lease.JobId, lease.ChunkId));

    /// <summary>No more chunks will be queued: compute slots end once the queue is empty.</summary>
    public void CloseQueue() => _ready.Writer.TryComplete();

    /// <summary>Removes every queued chunk (not yet started) and returns them, to hand back or park.</summary>
    public List<InFlightChunk> TakeQueued()
    {
        var queued = new List<InFlightChunk>();
        while (_ready.Reader.TryRead(out var chunk))
        {
            queued.Add(chunk);
        }

        return queued;
    }

    /// <summary>Holds queued chunks aside while the backend is unreachable: none is started, all are handed back once it answers.</summary>
    public void Park(IEnumerable<InFlightChunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            chunk.Parked = true;
            _parked.Enqueue(chunk);
            GiveUpSlot(chunk); // So the lease pump is never blocked behind chunks it will hand back.
        }
    }

    /// <summary>Takes every parked chunk.</summary>
    public List<InFlightChunk> TakeParked()
    {
        var parked = new List<InFlightChunk>();
        while (_parked.TryDequeue(out var chunk))
        {
            parked.Add(chunk);
        }

        return parked;
    }

    /// <summary>The chunk left the worker (completed, released, lost...: <paramref name="outcome"/>): forget it, free its slot and end its trace.</summary>
    public void Finish(InFlightChunk chunk, ChunkOutcome outcome)
    {
        if (_held.TryRemove((chunk.Lease.JobId, chunk.Lease.ChunkId), out _))
        {
            Traces.End(chunk, outcome);
            _stats.InFlight = _held.Count;
            chunk.Dispose();
            GiveUpSlot(chunk);
        }
    }

    /// <summary>
    /// Frees the chunk's leasing slot. Computed chunks free it as soon as their results are queued, not when the
    /// backend acknowledges them: otherwise, with both cores busy, slow acknowledgements tie up the prefetch and
    /// the compute slots run dry between chunks (measured: 2 workers lost about 3 ms per chunk).
    /// </summary>
    public void GiveUpSlot(InFlightChunk chunk)
    {
        if (chunk.TryGiveUpSlot())
        {
            _slots.Release();
        }
    }

    /// <summary>Waits for a free slot, then takes every other free one too (up to <paramref name="max"/>): one lease call fills them all.</summary>
    public async Task<int> WaitForSlotsAsync(int max, CancellationToken cancellationToken)
    {
        ResizeSlots();
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var taken = 1;
        while (taken < max && _slots.Wait(0))
        {
            taken++;
        }

        return taken;
    }

    /// <summary>Gives back slots a lease call did not fill.</summary>
    public void ReturnSlots(int count)
    {
        if (count > 0)
        {
            _slots.Release(count);
        }
    }

    /// <summary>A compute slot starts waiting for a chunk (true) or takes one (false).</summary>
    public void RunnerIdle(bool idle) => Interlocked.Add(ref _idleRunners, idle ? 1 : -1);

    /// <summary>Follows the prefetch target: free slots are added when chunks prove fast, taken back when slow.</summary>
    private void ResizeSlots()
    {
        var target = Prefetch.Capacity;
        if (target > _capacity)
        {
            _slots.Release(target - _capacity);
            _capacity = target;
        }

        // Only free slots can be taken back; held ones return to the pool and are absorbed on a later round.
        while (_capacity > target && _slots.Wait(0))
        {
            _capacity--;
        }
    }
}
