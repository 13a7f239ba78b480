using Ttg.WorkQueue;

namespace Ttg.Workers;

/// <summary>
/// Offers the unstarted tail of one computing chunk back to the store between two of its parameters, following
/// <see cref="ShrinkPolicy"/>. Once the store agrees, the chunk's lease holds only the kept part, so its completion,
/// renewal, retry or split covers exactly what the store now says it holds. One per chunk; used by the serial compute
/// path only (a chunk with several parameters in flight has no single point where its tail is unstarted).
/// </summary>
internal sealed class ChunkShrinker
{
    private readonly WorkerContext _context;
    private readonly InFlightChunk _chunk;
    private readonly JobRuntime _runtime;
    private readonly long _began;
    private long _lastAsk;
    private TimeSpan _askEvery = ShrinkPolicy.AskEvery;

    private ChunkShrinker(WorkerContext context, InFlightChunk chunk, JobRuntime runtime)
    {
        _context = context;
        _chunk = chunk;
        _runtime = runtime;
        _began = context.Time.GetTimestamp();
    }

    /// <summary>
    /// A shrinker for the chunk about to be computed, or null when it could never be worth one: a copy (its first
    /// holder owns the range), a single parameter, several parameters in flight, or a chunk this worker's measured
    /// cost for the job says is shorter than <see cref="ShrinkPolicy.MinRemaining"/> (so fast chunks pay nothing).
    /// </summary>
    public static ChunkShrinker? For(WorkerContext context, InFlightChunk chunk, JobRuntime runtime)
    {
        var lease = chunk.Lease;
        if (chunk.IsCopy || lease.Count < 2 || runtime.AsyncConcurrency > 1)
        {
            return null;
        }

        if (context.Book.Costs.PerParameter(lease.JobId) is { } perParameter && perParameter * lease.Count < ShrinkPolicy.MinRemaining)
        {
            return null;
        }

        return new ChunkShrinker(context, chunk, runtime);
    }

    /// <summary>
    /// Called before parameter <paramref name="done"/> starts (that many are computed): asks the store to take the later
    /// half of the rest back when the policy says so. Returns how many parameters the chunk holds now.
    /// </summary>
    public ValueTask<int> BeforeParameterAsync(int done, CancellationToken cancellationToken)
    {
        var lease = _chunk.Lease;
        var now = _context.Time.GetTimestamp();
        if ((_lastAsk != 0 && _context.Time.GetElapsedTime(_lastAsk, now) < _askEvery) || _context.Outage.IsActive)
        {
            return ValueTask.FromResult(lease.Count);
        }

        if (ShrinkPolicy.Keep(lease.Count, done, _context.Time.GetElapsedTime(_began, now)) is not { } keep)
        {
            return ValueTask.FromResult(lease.Count);
        }

        _lastAsk = now;
        return ShrinkAsync(lease, keep, cancellationToken);
    }

    private async ValueTask<int> ShrinkAsync(ChunkLease lease, int keep, CancellationToken cancellationToken)
    {
        var space = _runtime.Plan.Space;
        var rest = lease.Count - keep;
        var kept = new ChunkSpec(lease.Start, keep, space.SlicePayload(lease.Payload, 0, keep));
        var remainder = new ChunkSpec(lease.Start + keep, rest, space.SlicePayload(lease.Payload, keep, rest));
        ShrinkOutcome outcome;
        try
        {
            // Ridden out like a completion: a call whose answer was lost is sent again, and a repeat of a shrink that took effect answers Shrunk.
            outcome = await _context.Outage.CallAsync(ct => _context.Backend.ShrinkAsync(lease, kept, remainder, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && _context.PermanentFault(ex) is null)
        {
            // Refused outright (nothing was changed): the chunk is simply computed whole, as without shrinking. An
            // unusable store is not a refusal: it goes on to the chunk runner, which stops the worker with a store fault.
            ShrinkLog.NotHandedBack(_context.Logger, lease.ChunkId, lease.JobId, ex.Message.ReplaceLineEndings(" "));
            return lease.Count;
        }

        if (outcome != ShrinkOutcome.Shrunk)
        {
            // Declined (work is pending, or a copy runs): ask less often. Lost: the renewal will tell.
            _askEvery = ShrinkPolicy.AfterRefusal(_askEvery);
            return lease.Count;
        }

        _askEvery = ShrinkPolicy.AskEvery;

        _chunk.Lease = lease with { Count = keep, Payload = kept.Payload };
        ShrinkLog.HandedBack(_context.Logger, _context.WorkerId, remainder.Start, remainder.Start + rest - 1, lease.ChunkId, lease.JobId, keep);
        return keep;
    }
}
