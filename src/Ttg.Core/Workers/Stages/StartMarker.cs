using System.Threading.Channels;

namespace Ttg.Workers.Stages;

/// <summary>
/// Tells the store which queued chunks a runner has begun, in batches and without holding the runner up: from
/// then on this worker's death spends their attempt. A mark that is lost (an outage, or a death before it lands)
/// only means the chunk keeps its attempt; the next holder leases it as started at once, so a parameter that kills
/// its worker is still caught within a few attempts.
/// </summary>
internal sealed class StartMarker(WorkerContext context) : WorkerStage("start marker", context.Time)
{
    private readonly Channel<InFlightChunk> _started = Channel.CreateUnbounded<InFlightChunk>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues the chunk's mark; returns at once.</summary>
    public void Mark(InFlightChunk chunk) => _started.Writer.TryWrite(chunk);

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
