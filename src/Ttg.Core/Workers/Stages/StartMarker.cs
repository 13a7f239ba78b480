using System.Threading.Channels;

namespace Ttg.Workers.Stages;

/// <summary>
/// Tells the store which queued chunks a runner has begun, in batches and without holding the runner up: from
/// then on this worker's death spends their attempt. A mark that is lost (an outage, or a death before it lands)
/// only means the chunk keeps its attempt. A chunk past its first attempt is marked before its computing begins
/// (<see cref="MarkNowAsync"/>), so once a chunk has cost one attempt every further death computing it counts, and
/// a parameter that kills its worker is still isolated within its attempts.
/// </summary>
internal sealed class StartMarker(WorkerContext context) : WorkerStage("start marker", context.Time)
{
    private readonly Channel<InFlightChunk> _started = Channel.CreateUnbounded<InFlightChunk>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the chunk's mark; returns at once.</summary>
    public void Mark(InFlightChunk chunk) => _started.Writer.TryWrite(chunk);

    /// <summary>
    /// Marks the chunk at once and returns when the store has it (or the backend is unreachable: then, as with a
    /// lost background mark, the chunk keeps its attempt).
    /// </summary>
    public async Task MarkNowAsync(InFlightChunk chunk, CancellationToken cancellationToken)
    {
        try
        {
            await context.Backend.MarkStartedAsync([chunk.Lease], cancellationToken).ConfigureAwait(false);
            chunk.StartedInStore = true;
            context.Outage.Answered();
        }
        catch (Exception ex) when (context.Outage.IsOutage(ex, cancellationToken))
        {
            context.Outage.Observe(ex);
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
                await context.Backend.MarkStartedAsync(batch, cancellationToken).ConfigureAwait(false);
                context.Outage.Answered();
            }
            catch (Exception ex) when (context.Outage.IsOutage(ex, cancellationToken))
            {
                context.Outage.Observe(ex);
            }
            finally
            {
                Idle();
            }
        }
    }
}
