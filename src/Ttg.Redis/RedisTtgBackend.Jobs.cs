using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

internal sealed partial class RedisTtgBackend
{
    /// <inheritdoc />
    public async Task<JobInfo?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var meta = JobMetaReader.ToFields(await _db.HashGetAllAsync(Keys(jobId).Meta).WaitAsync(cancellationToken));
        return meta is null ? null : JobMetaReader.ToJob(jobId, meta);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JobInfo>> ListJobsAsync(CancellationToken cancellationToken = default)
    {
        var ids = await _db.SortedSetRangeByRankAsync(_jobsKey, order: Order.Descending).WaitAsync(cancellationToken);
        var reads = ids.Select(id => _db.HashGetAllAsync(Keys((string)id!).Meta)).ToArray();
        await Task.WhenAll(reads).WaitAsync(cancellationToken);
        var jobs = new List<JobInfo>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            var meta = JobMetaReader.ToFields(reads[i].Result);
            if (meta is null)
            {
                // Expired after completion (CompletedJobTtl): the registry entry is all that is left.
                await _db.SortedSetRemoveAsync(_jobsKey, ids[i]).WaitAsync(cancellationToken);
                continue;
            }

            jobs.Add(JobMetaReader.ToJob((string)ids[i]!, meta));
        }

        return jobs;
    }

    /// <inheritdoc />
    public async Task<JobProgress?> GetProgressAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var keys = Keys(jobId);
        var metaTask = _db.HashGetAllAsync(keys.Meta);
        var leasedTask = _db.HashLengthAsync(keys.Leases);
        var workersTask = _db.HashGetAllAsync(keys.Workers);
        var paceTask = ReadPaceAsync(keys);
        await Task.WhenAll(metaTask, leasedTask, workersTask, paceTask).WaitAsync(cancellationToken);
        var meta = JobMetaReader.ToFields(metaTask.Result);
        if (meta is null)
        {
            return null;
        }

        var live = JobMetaReader.Long(meta, "live");
        var leased = Math.Min(leasedTask.Result, live);
        return new JobProgress
        {
            Job = JobMetaReader.ToJob(jobId, meta),
            Succeeded = JobMetaReader.Long(meta, "succ"),
            Failed = JobMetaReader.Long(meta, "fail"),
            PendingChunks = live - leased,
            LeasedChunks = leased,
            CompletedChunks = JobMetaReader.Long(meta, "cdone"),
            ReclaimedChunks = JobMetaReader.Long(meta, "recl"),
            ParametersByWorker = workersTask.Result.ToDictionary(e => (string)e.Name!, e => (long)e.Value, StringComparer.Ordinal),
            Pace = paceTask.Result,
            Speculation = ReadSpeculation(meta),
        };
    }

    /// <inheritdoc />
    public async Task<ChunkStatus?> GetChunkStatusAsync(string jobId, string chunkId, CancellationToken cancellationToken = default)
    {
        var keys = Keys(jobId);
        var chunkTask = _db.HashGetAsync(keys.Chunks, chunkId);
        var leaseTask = _db.HashGetAsync(keys.Leases, chunkId);
        var attemptsTask = _db.HashGetAsync(keys.Attempts, chunkId);
        await Task.WhenAll(chunkTask, leaseTask, attemptsTask).WaitAsync(cancellationToken);
        var chunk = chunkTask.Result;
        if (chunk.IsNull)
        {
            return null;
        }

        var attempts = attemptsTask.Result.IsNull ? 0 : (int)attemptsTask.Result;
        if (chunk == "C")
        {
            return new ChunkStatus(ChunkState.Completed, null, attempts);
        }

        if (chunk == "S")
        {
            return new ChunkStatus(ChunkState.Split, null, attempts);
        }

        var held = (string?)leaseTask.Result;
        var bar = held?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        return bar < 0
            ? new ChunkStatus(ChunkState.Pending, null, attempts)
            : new ChunkStatus(ChunkState.Leased, held![(bar + 1)..], attempts);
    }

    /// <inheritdoc />
    public async Task<bool> CancelAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var cancelled = (int)await EvalAsync(RedisScripts.Cancel, Keys(jobId), [NowMs()], cancellationToken) == 1;
        if (cancelled)
        {
            await ForgetRunningAsync(jobId, cancellationToken);
        }

        return cancelled;
    }

    /// <inheritdoc />
    public async Task<bool> PauseAsync(string jobId, CancellationToken cancellationToken = default) =>
        (int)await EvalAsync(RedisScripts.Pause, Keys(jobId), ["running", "paused"], cancellationToken) == 1;

    /// <inheritdoc />
    public async Task<bool> ResumeAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var resumed = (int)await EvalAsync(RedisScripts.Pause, Keys(jobId), ["paused", "running"], cancellationToken) == 1;
        if (resumed)
        {
            // Back where workers look, in case a worker dropped it meanwhile.
            await _db.SetAddAsync(_runningKey, jobId).WaitAsync(cancellationToken);
        }

        return resumed;
    }

    /// <inheritdoc />
    public async Task<long> RetryFailedAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var parameters = (long)await EvalAsync(RedisScripts.RetryFailed, Keys(jobId), [], cancellationToken);
        if (parameters > 0)
        {
            // Back where workers look: a completed job had left the running set.
            await _db.SetAddAsync(_runningKey, jobId).WaitAsync(cancellationToken);
        }

        return parameters;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var keys = Keys(jobId);
        var existed = await _db.KeyExistsAsync(keys.Meta).WaitAsync(cancellationToken);
        // The keys share one slot, so a single DEL is valid on a cluster too.
        await _db.KeyDeleteAsync(keys.All).WaitAsync(cancellationToken);
        await _db.SetRemoveAsync(_runningKey, jobId).WaitAsync(cancellationToken);
        var registered = await _db.SortedSetRemoveAsync(_jobsKey, jobId).WaitAsync(cancellationToken);
        _routes.TryRemove(jobId, out _);
        return existed || registered;
    }
}
