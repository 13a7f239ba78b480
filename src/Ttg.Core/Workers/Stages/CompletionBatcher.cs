using Ttg.WorkQueue;

namespace Ttg.Workers.Stages;

/// <summary>
/// Stores computed chunks, everything finished since the last call in one round trip, so computing never waits
/// for the store. An outage is ridden out with no try budget (the results are kept and sent again; if a lease
/// was taken over meanwhile the store answers LeaseLost, so nothing is recorded twice). It ends once the runners
/// are done and every completion is stored, or when the worker gives up on the store.
/// </summary>
internal sealed class CompletionBatcher(WorkerContext context) : WorkerStage("completion batcher", context.Time)
{
    // A call carries up to this many chunks or bytes of results, whichever comes first: enough to keep tiny chunks
    // from being bound by round trips, small enough that one call never stalls the backend for long.
    private const int MaxCompletionsPerCall = 512;
    private const long MaxBytesPerCall = 4 << 20;
    private readonly List<(InFlightChunk Chunk, ChunkCompletion Completion)> _batch = new(MaxCompletionsPerCall);
    private long _nextProgressLog = context.Options.ProgressEvery;

    public override async Task RunAsync(CancellationToken cancellationToken)
    {
        var reader = context.Completions.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            _batch.Clear();
            var bytes = 0L;
            while (_batch.Count < MaxCompletionsPerCall && bytes < MaxBytesPerCall && reader.TryRead(out var item))
            {
                _batch.Add(item);
                bytes += item.Completion.Results.Length;
            }

            Busy();
            try
            {
                await StoreAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The batch cannot be stored by this worker (it gave up on the store, or a bug): forget the chunks so none
                // is held for ever; their leases lapse and they are computed again elsewhere. The supervisor reports why.
                foreach (var (chunk, _) in _batch)
                {
                    context.Book.Finish(chunk, ChunkOutcome.Abandoned);
                }

                throw;
            }
            finally
            {
                Idle();
            }

            LogProgressIfDue();
        }
    }

    private async Task StoreAsync(CancellationToken cancellationToken)
    {
        var requests = _batch.Select(b => new ChunkCompletionRequest(b.Chunk.Lease, b.Completion)).ToArray();
        var sent = context.Time.GetTimestamp();
        var outcomes = await context.Outage.CallAsync(ct => context.Backend.CompleteManyAsync(requests, ct), cancellationToken).ConfigureAwait(false);
        context.Stats.CompletionRoundTrip(context.Time.GetElapsedTime(sent));
        for (var i = 0; i < _batch.Count; i++)
        {
            var (chunk, completion) = _batch[i];
            switch (outcomes[i])
            {
                case LeaseOutcome.Accepted:
                    context.Stats.Completed(completion.Succeeded, completion.Failed);
                    break;
                case LeaseOutcome.LeaseLost:
                    LostLease.Note(context, chunk);
                    break;
            }

            context.Book.Finish(chunk, ChunkOutcomes.After(outcomes[i], ChunkOutcome.Completed));
        }
    }

    private void LogProgressIfDue()
    {
        var stats = context.Stats;
        var done = stats.ParametersSucceeded + stats.ParametersFailed;
        if (done < _nextProgressLog)
        {
            return;
        }

        var every = context.Options.ProgressEvery;
        _nextProgressLog = ((done / every) + 1) * every;
        var elapsed = context.Time.GetElapsedTime(context.StartedAt).TotalSeconds;
        WorkerLog.Progress(context.Logger, context.WorkerId, done, stats.ParametersFailed, elapsed > 0 ? done / elapsed : 0);
    }
}
