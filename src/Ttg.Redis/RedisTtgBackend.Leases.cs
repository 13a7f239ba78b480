using StackExchange.Redis;
using Ttg.WorkQueue;

namespace Ttg.Redis;

internal sealed partial class RedisTtgBackend
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ChunkLease>> RenewAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var calls = leases.GroupBy(l => l.JobId, StringComparer.Ordinal).Select(group =>
        {
            var list = group.ToList();
            var args = new List<RedisValue>(1 + list.Count * 3) { list.Count };
            foreach (var lease in list)
            {
                args.Add(lease.ChunkId);
                args.Add(HeldValue(lease));
                args.Add(lease.WorkerId);
            }

            return (List: list, Reply: _db.ScriptEvaluateAsync(RedisScripts.Renew, Keys(group.Key).All, [.. args]));
        }).ToList();
        await Task.WhenAll(calls.Select(c => c.Reply)).WaitAsync(cancellationToken);
        var held = new List<ChunkLease>();
        foreach (var (list, reply) in calls)
        {
            var flags = (RedisResult[])reply.Result!;
            held.AddRange(list.Where((_, i) => (int)flags[i] == 1));
        }

        return held;
    }

    /// <inheritdoc />
    public async Task<LeaseOutcome> RetryAsync(ChunkLease lease, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var delayMs = delay <= TimeSpan.Zero ? 0 : (long)Math.Ceiling(delay.TotalMilliseconds);
        var result = await EvalAsync(RedisScripts.Retry, Keys(lease.JobId), [lease.ChunkId, HeldValue(lease), delayMs], cancellationToken);
        return (LeaseOutcome)(int)result;
    }

    /// <inheritdoc />
    public async Task<LeaseOutcome> SplitAsync(ChunkLease lease, IReadOnlyList<ChunkSpec> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0 || parts.Sum(p => (long)p.Count) != lease.Count)
        {
            throw new ArgumentException($"The parts of chunk {lease.ChunkId} must cover its {lease.Count} parameters exactly.", nameof(parts));
        }

        var args = new List<RedisValue>(3 + parts.Count * 3) { lease.ChunkId, HeldValue(lease), parts.Count };
        foreach (var part in parts)
        {
            AppendSpec(args, part);
        }

        var result = await EvalAsync(RedisScripts.Split, Keys(lease.JobId), [.. args], cancellationToken);
        return (LeaseOutcome)(int)result;
    }

    /// <inheritdoc />
    public async Task ReleaseAsync(IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        await EvaluatePerJobAsync(RedisScripts.Release, leases, cancellationToken);
    }

    /// <summary>
    /// Runs a script that takes a list of held leases once per job (a job's keys share one hash slot), with
    /// arguments: the count, then each chunk id and the value that proves it is held.
    /// </summary>
    private async Task EvaluatePerJobAsync(string script, IReadOnlyList<ChunkLease> leases, CancellationToken cancellationToken)
    {
        var calls = leases.GroupBy(l => l.JobId, StringComparer.Ordinal).Select(group =>
        {
            var args = new List<RedisValue> { group.Count() };
            foreach (var lease in group)
            {
                args.Add(lease.ChunkId);
                args.Add(HeldValue(lease));
            }

            return _db.ScriptEvaluateAsync(script, Keys(group.Key).All, [.. args]);
        }).ToList();
        await Task.WhenAll(calls).WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(string JobId, string ChunkId)>> ReleaseWorkerAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        var running = (await _db.SetMembersAsync(_runningKey).WaitAsync(cancellationToken)).Select(id => (string)id!).ToList();
        var calls = running.Select(id => _db.ScriptEvaluateAsync(RedisScripts.ReleaseWorker, Keys(id).All, [workerId])).ToList();
        await Task.WhenAll(calls).WaitAsync(cancellationToken);
        var freed = new List<(string JobId, string ChunkId)>();
        for (var i = 0; i < running.Count; i++)
        {
            foreach (var chunkId in (RedisResult[])calls[i].Result!)
            {
                freed.Add((running[i], (string)chunkId!));
            }
        }

        return freed;
    }

    /// <inheritdoc />
    public async Task HeartbeatAsync(string workerId, IReadOnlyCollection<string> jobIds, TimeSpan liveness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workerId);
        ArgumentNullException.ThrowIfNull(jobIds);
        if (liveness <= TimeSpan.Zero)
        {
            return;
        }

        var ms = LivenessMs(liveness);
        var calls = jobIds.Distinct(StringComparer.Ordinal).Select(id => _db.ScriptEvaluateAsync(RedisScripts.Heartbeat, Keys(id).All, [workerId, ms]));
        await Task.WhenAll(calls).WaitAsync(cancellationToken);
    }

    /// <summary>A liveness timeout in whole milliseconds for the scripts; 0 means no session.</summary>
    private static long LivenessMs(TimeSpan liveness) => liveness <= TimeSpan.Zero ? 0 : Math.Max(1, (long)Math.Ceiling(liveness.TotalMilliseconds));
}
