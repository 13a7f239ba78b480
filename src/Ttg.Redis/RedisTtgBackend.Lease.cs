using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

internal sealed partial class RedisTtgBackend
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ChunkLease>> LeaseAsync(LeaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var leases = new List<ChunkLease>();
        if (request.MaxChunks <= 0)
        {
            return leases;
        }

        var jobs = await CandidateJobsAsync(request.Computations, request.JobIds, cancellationToken);
        // Rotating the starting job spreads workers over concurrent jobs instead of draining them in id order.
        var offset = jobs.Count == 0 ? 0 : (int)((uint)Interlocked.Increment(ref _leaseRound) % (uint)jobs.Count);
        for (var i = 0; i < jobs.Count && leases.Count < request.MaxChunks; i++)
        {
            var jobId = jobs[(i + offset) % jobs.Count];
            var result = (RedisResult[])(await EvalAsync(RedisScripts.Lease, Keys(jobId),
                [request.WorkerId, request.MaxChunks - leases.Count, LivenessMs(request.Liveness),
                request.StartNow is { } startNow ? Math.Max(0, startNow - leases.Count) : -1], cancellationToken))!;
            var status = (string?)result[0];
            if (status != "running")
            {
                // A paused job stays where workers look, so they find it again once it is resumed.
                if (status != "paused")
                {
                    await ForgetRunningAsync(jobId, cancellationToken);
                }

                continue;
            }

            for (var r = 1; r + 7 < result.Length; r += 8)
            {
                var payload = (byte[]?)result[r + 5];
                leases.Add(new ChunkLease
                {
                    JobId = jobId,
                    ChunkId = (string)result[r]!,
                    Start = (long)result[r + 1],
                    Count = (int)result[r + 2],
                    Attempt = (int)result[r + 3],
                    Token = (string)result[r + 4]!,
                    StartedAtLease = (int)result[r + 6] == 1,
                    EarlierHolderLost = (int)result[r + 7] == 1,
                    WorkerId = request.WorkerId,
                    Payload = payload is { Length: > 0 } ? payload : default,
                });
            }
        }

        return leases;
    }

    /// <inheritdoc />
    public async Task<bool> HasOpenWorkAsync(IReadOnlyCollection<string> computations, CancellationToken cancellationToken = default)
    {
        var jobs = await CandidateJobsAsync(computations, null, cancellationToken);
        var states = jobs.Select(j => _db.HashGetAsync(Keys(j).Meta, "state")).ToArray();
        await Task.WhenAll(states).WaitAsync(cancellationToken);
        var open = false;
        for (var i = 0; i < jobs.Count; i++)
        {
            if (states[i].Result == "running" || states[i].Result == "paused")
            {
                open = true;
            }
            else
            {
                await ForgetRunningAsync(jobs[i], cancellationToken);
            }
        }

        return open;
    }

    /// <summary>Running jobs of the given computations (and ids, when given), sorted by id.</summary>
    private async Task<List<string>> CandidateJobsAsync(IReadOnlyCollection<string> computations, IReadOnlyCollection<string>? jobIds, CancellationToken cancellationToken)
    {
        var running = await _db.SetMembersAsync(_runningKey).WaitAsync(cancellationToken);
        var ids = running.Select(v => (string)v!).Where(id => jobIds is null || jobIds.Contains(id)).ToList();
        var unknown = ids.Where(id => !_routes.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            var lookups = unknown.Select(id => _db.HashGetAsync(Keys(id).Meta, "comp")).ToArray();
            await Task.WhenAll(lookups).WaitAsync(cancellationToken);
            for (var i = 0; i < unknown.Count; i++)
            {
                if (lookups[i].Result.IsNull)
                {
                    await ForgetRunningAsync(unknown[i], cancellationToken);
                    continue;
                }

                _routes[unknown[i]] = new JobRoute((string)lookups[i].Result!);
            }
        }

        var result = ids.Where(id => _routes.TryGetValue(id, out var route) && computations.Contains(route.Computation)).ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    // The running set is only a directory; the job's own state is the truth. A job that finished (the
    // client that completed it may have died before updating the set) or vanished is dropped from it here.
    private async Task ForgetRunningAsync(string jobId, CancellationToken cancellationToken)
    {
        _routes.TryRemove(jobId, out _);
        if (await _db.SetRemoveAsync(_runningKey, jobId).WaitAsync(cancellationToken))
        {
            Log.JobLeftRunningSet(_logger, jobId);
        }
    }
}
