using System.Globalization;
using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

internal sealed partial class RedisTtgBackend
{
    // Chunks per add_chunks call; keeps every Lua unpack() well under its stack limit.
    private const int SubmitBatch = 500;
    // Payload bytes per add_chunks call, so input-file chunks do not make one huge command.
    private const int SubmitBatchBytes = 4 << 20;
    private const int SubmitWindow = 8;
    private bool _chunkScriptWarm;

    /// <inheritdoc />
    public async Task<JobInfo> SubmitAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(submission.Lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(submission.MaxAttempts, 1);
        var keys = Keys(submission.JobId);
        var created = _time.GetUtcNow();
        var createdMs = created.ToUnixTimeMilliseconds();
        var leaseMs = Math.Max(1, (long)Math.Ceiling(submission.Lease.TotalMilliseconds));
        var status = (long)await EvalAsync(RedisScripts.Submit, keys,
        [
            submission.Name, submission.Computation, submission.TotalParameters, submission.ChunkCount,
            leaseMs, submission.MaxAttempts, submission.SpecJson, createdMs,
        ], cancellationToken);
        if (status == 0)
        {
            throw new InvalidOperationException($"A job with id '{submission.JobId}' already exists.");
        }

        var completedAtSubmit = false;
        // Registered before its chunks so a half-submitted job is listed (and can be deleted), but only
        // added to the running set, where workers look, once every chunk is in the stream.
        try
        {
            var order = await _db.StringIncrementAsync(_jobSequenceKey).WaitAsync(cancellationToken);
            await _db.SortedSetAddAsync(_jobsKey, submission.JobId, order).WaitAsync(cancellationToken);
            completedAtSubmit = await AddChunksAsync(keys, submission.Chunks, createdMs, cancellationToken);
        }
        catch
        {
            await ForgetHalfSubmittedAsync(submission.JobId);
            throw;
        }

        if (completedAtSubmit)
        {
            status = 2;
        }

        if (status == 1)
        {
            await _db.SetAddAsync(_runningKey, submission.JobId).WaitAsync(cancellationToken);
        }

        _routes[submission.JobId] = new JobRoute(submission.Computation);
        return new JobInfo
        {
            JobId = submission.JobId,
            Name = submission.Name,
            Computation = submission.Computation,
            TotalParameters = submission.TotalParameters,
            ChunkCount = submission.ChunkCount,
            Lease = TimeSpan.FromMilliseconds(leaseMs),
            MaxAttempts = submission.MaxAttempts,
            SpecJson = submission.SpecJson,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(createdMs),
            State = status == 1 ? JobState.Running : JobState.Completed,
            FinishedAt = status == 1 ? null : DateTimeOffset.FromUnixTimeMilliseconds(createdMs),
        };
    }

    /// <summary>
    /// Deletes a job whose submission failed halfway (cancelled, connection lost), so no job lingers that workers
    /// would never see. Best effort: when Redis is gone too, the job stays listed and `ttg delete` removes it.
    /// </summary>
    private async Task ForgetHalfSubmittedAsync(string jobId)
    {
        try
        {
            await DeleteAsync(jobId, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.HalfSubmittedJobLeft(_logger, jobId, ex.Message);
        }
    }

    /// <summary>Adds the chunks in index order; returns true when chunks with known results completed the job.</summary>
    private async Task<bool> AddChunksAsync(JobKeys keys, IEnumerable<ChunkSpec> chunks, long nowMs, CancellationToken cancellationToken)
    {
        // Batches are pipelined a few at a time; one connection keeps them in order, so chunk ids follow index
        // order. The first goes alone so the script is cached before the others arrive behind it. Chunks whose
        // results are known go through their own script; a change of kind sends the batch so far first.
        var inFlight = new Queue<Task<RedisResult>>();
        var batch = new List<RedisValue> { 0 };
        var completed = new List<RedisValue> { nowMs, 0 };
        var bytes = 0;
        var finished = false;
        foreach (var chunk in chunks)
        {
            if (chunk.Completed is { } results)
            {
                if (batch.Count > 1)
                {
                    await SendBatchAsync(keys, batch, inFlight, cancellationToken);
                    batch = [0];
                    bytes = 0;
                }

                completed.AddRange([chunk.Start, chunk.Count, results.Succeeded, results.Failed, chunk.Payload.IsEmpty ? RedisValue.EmptyString : (RedisValue)chunk.Payload, (RedisValue)results.Results]);
                bytes += chunk.Payload.Length + results.Results.Length;
                if ((completed.Count - 2) / 6 >= SubmitBatch || bytes >= SubmitBatchBytes)
                {
                    finished = await SendCompletedAsync(keys, completed, inFlight, cancellationToken);
                    completed = [nowMs, 0];
                    bytes = 0;
                }

                continue;
            }

            if (completed.Count > 2)
            {
                finished = await SendCompletedAsync(keys, completed, inFlight, cancellationToken);
                completed = [nowMs, 0];
                bytes = 0;
            }

            AppendSpec(batch, chunk);
            bytes += chunk.Payload.Length;
            if ((batch.Count - 1) / 3 >= SubmitBatch || bytes >= SubmitBatchBytes)
            {
                await SendBatchAsync(keys, batch, inFlight, cancellationToken);
                batch = [0];
                bytes = 0;
            }
        }

        if (batch.Count > 1)
        {
            await SendBatchAsync(keys, batch, inFlight, cancellationToken);
        }

        if (completed.Count > 2)
        {
            finished = await SendCompletedAsync(keys, completed, inFlight, cancellationToken);
        }

        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue().WaitAsync(cancellationToken);
        }

        return finished;
    }

    /// <summary>Sends a batch of completed chunks after every batch before it; returns whether the job is now complete.</summary>
    private async Task<bool> SendCompletedAsync(JobKeys keys, List<RedisValue> completed, Queue<Task<RedisResult>> inFlight, CancellationToken cancellationToken)
    {
        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue().WaitAsync(cancellationToken);
        }

        completed[1] = (completed.Count - 2) / 6;
        return (long)await _db.ScriptEvaluateAsync(RedisScripts.AddCompleted, keys.All, [.. completed]).WaitAsync(cancellationToken) == 1;
    }

    private async Task SendBatchAsync(JobKeys keys, List<RedisValue> batch, Queue<Task<RedisResult>> inFlight, CancellationToken cancellationToken)
    {
        batch[0] = (batch.Count - 1) / 3;
        inFlight.Enqueue(_db.ScriptEvaluateAsync(RedisScripts.AddChunks, keys.All, [.. batch]));
        if (inFlight.Count >= SubmitWindow || !_chunkScriptWarm)
        {
            await inFlight.Dequeue().WaitAsync(cancellationToken);
            _chunkScriptWarm = true;
        }
    }

    private static void AppendSpec(List<RedisValue> args, ChunkSpec chunk)
    {
        args.Add(chunk.Start.ToString(CultureInfo.InvariantCulture));
        args.Add(chunk.Count.ToString(CultureInfo.InvariantCulture));
        args.Add(chunk.Payload.IsEmpty ? RedisValue.EmptyString : (RedisValue)chunk.Payload);
    }
}
