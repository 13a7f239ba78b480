using Ttg.WorkQueue;

namespace Ttg.Workers;

public sealed partial class Worker
{
    // A call carries up to this many chunks or bytes of results, whichever comes first: enough to keep tiny chunks
    // from being bound by round trips, small enough that one call never stalls the backend for long.
    private const int MaxCompletionsPerCall = 512;
    private const long MaxBytesPerCall = 4 << 20;
    private long _nextProgressLog;

    private async Task CompletionLoopAsync()
    {
        var batch = new List<(InFlightChunk Chunk, ChunkCompletion Completion)>(MaxCompletionsPerCall);
        var backoff = new Backoff(_time);
        _nextProgressLog = _options.ProgressEvery;
        while (await _completions.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Everything finished since the last call goes in one round trip; computing never waits for it.
            batch.Clear();
            var bytes = 0L;
            while (batch.Count < MaxCompletionsPerCall && bytes < MaxBytesPerCall && _completions.Reader.TryRead(out var item))
            {
                batch.Add(item);
                bytes += item.Completion.Results.Length;
            }

            var requests = batch.Select(b => new ChunkCompletionRequest(b.Chunk.Lease, b.Completion)).ToArray();
            IReadOnlyList<LeaseOutcome>? outcomes = null;
            for (var tries = 0; outcomes is null; tries++)
            {
                try
                {
                    outcomes = await _backend.CompleteManyAsync(requests).ConfigureAwait(false);
                    Stats.BackendAnswered(_time.GetTimestamp());
                    backoff.Reset();
                }
                catch (Exception ex) when (_backend.IsTransient(ex) && tries < 60)
                {
                    // The results are kept and sent again; if the lease expires meanwhile another worker redoes
                    // the chunk and this completion is rejected, so nothing is recorded twice.
                    await backoff.WaitAsync(_logger, ex, CancellationToken.None).ConfigureAwait(false);
                }
            }

            for (var i = 0; i < batch.Count; i++)
            {
                var (chunk, completion) = batch[i];
                switch (outcomes[i])
                {
                    case LeaseOutcome.Accepted:
                        Stats.Completed(completion.Succeeded, completion.Failed);
                        break;
                    case LeaseOutcome.LeaseLost:
                        WorkerLog.LeaseLost(_logger, chunk.Lease.ChunkId, chunk.Lease.JobId);
                        Stats.LeaseLost();
                        break;
                }

                Finish(chunk);
            }

            LogProgressIfDue();
        }
    }

    private void LogProgressIfDue()
    {
        var done = Stats.ParametersSucceeded + Stats.ParametersFailed;
        if (done < _nextProgressLog)
        {
            return;
        }

        _nextProgressLog = ((done / _options.ProgressEvery) + 1) * _options.ProgressEvery;
        var elapsed = ElapsedSeconds;
        WorkerLog.Progress(_logger, WorkerId, done, Stats.ParametersFailed, elapsed > 0 ? done / elapsed : 0);
    }
}
