using System.Threading.Channels;

namespace Ttg.Workers.Stages;

/// <summary>
/// Tells the store which queued chunks a runner has begun, in batches and without holding the runner up: from
/// then on this worker's death spends their attempt. A mark that is lost (an outage, or a death before it lands)
/// only means the chunk keeps its attempt. A chunk past its first attempt, or one an earlier holder was lost computing,
/// is marked before its computing begins (see <see cref="MarkAsync"/>), so every further death computing it counts,
/// and a parameter that kills its worker is still isolated within its attempts.
/// </summary>
internal sealed class StartMarker(WorkerContext context) : WorkerStage("start marker", context.Time)
{
    private readonly Channel<InFlightChunk> _started = Channel.CreateUnbounded<InFlightChunk>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>
    /// Marks the chunk begun. A first attempt's mark is queued for the next batch and this returns at once; a later
    /// attempt's, or that of a chunk an earlier holder was lost computing, is sent now and this returns once the store
    /// has it (or the backend is unreachable: then, as with a lost batched mark, the chunk keeps its attempt).
    /// </summary>
    public ValueTask MarkAsync(InFlightChunk chunk, CancellationToken cancellationToken)
    {
        if (chunk.Lease.Attempt == 1 && !chunk.Lease.EarlierHolderLost)
        {
            _started.Writer.TryWrite(chunk);
            return ValueTask.CompletedTask;
        }

        return MarkNowAsync(chunk, cancellationToken);
    }

    private async ValueTask MarkNowAsync(InFlightChunk chunk, CancellationToken cancellationToken)
    {
        try
        {
            chunk.StartedInStore = await SendAsync([chunk.Lease], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Never the parameter's fault: the batch sends it again, and a store that keeps refusing faults this
            // stage under the supervisor, as a batched mark always did.
            _started.Writer.TryWrite(chunk);
        }
    }

    /// <summary>No more marks: the stage ends once the queued ones are sent.</summary>
    public void Complete() => _started.Writer.TryComplete();

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        var batch = new List<WorkQueue.ChunkLease>();
        while (await _started.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < 512 && _started.Reader.TryRead(out var chunk))
            {
                if (!chunk.Lost && context.Book.Holds(chunk.Lease))
                {
                    batch.Add(chunk.Lease);
                    chunk.StartedInStore = true;
                }
            }

            if (batch.Count == 0)
            {
                continue;
            }

            Busy();
            try
            {
                await SendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Idle();
            }
        }
    }

    /// <summary>Sends the marks; false when the backend was unreachable (the marks are lost, the chunks keep their attempts).</summary>
    private async Task<bool> SendAsync(IReadOnlyList<WorkQueue.ChunkLease> leases, CancellationToken cancellationToken)
    {
        try
        {
            await context.Backend.MarkStartedAsync(leases, cancellationToken).ConfigureAwait(false);
            context.Outage.Answered();
            return true;
        }
        catch (Exception ex) when (context.Outage.IsOutage(ex, cancellationToken))
        {
            context.Outage.Observe(ex);
            return false;
        }
    }
}
